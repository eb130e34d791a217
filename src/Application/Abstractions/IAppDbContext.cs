using Microsoft.EntityFrameworkCore;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Clients;

namespace Son1kVers3.Application.Abstractions;

/// <summary>The database as the use cases see it: the DbContext is already the unit of work.</summary>
public interface IAppDbContext
{
    DbSet<User> Users { get; }
    DbSet<RefreshToken> RefreshTokens { get; }
    DbSet<ExternalLogin> ExternalLogins { get; }
    DbSet<Client> Clients { get; }
    DbSet<ClientDay> ClientDays { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}
