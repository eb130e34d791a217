using Microsoft.EntityFrameworkCore;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Billing;
using Son1kVers3.Domain.Chat;
using Son1kVers3.Domain.Clients;
using Son1kVers3.Domain.Email;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Domain.Sharing;
using Son1kVers3.Domain.TokenPool;

namespace Son1kVers3.Application.Abstractions;

/// <summary>The database as the use cases see it: the DbContext is already the unit of work.</summary>
public interface IAppDbContext
{
    DbSet<User> Users { get; }
    DbSet<RefreshToken> RefreshTokens { get; }
    DbSet<ExternalLogin> ExternalLogins { get; }
    DbSet<Client> Clients { get; }
    DbSet<ClientDay> ClientDays { get; }
    DbSet<Generation> Generations { get; }
    DbSet<Track> Tracks { get; }
    DbSet<GenerationJob> GenerationJobs { get; }
    DbSet<Download> Downloads { get; }
    DbSet<Share> Shares { get; }
    DbSet<BillingCustomer> BillingCustomers { get; }
    DbSet<BillingSubscription> BillingSubscriptions { get; }
    DbSet<ProcessedPaymentEvent> ProcessedPaymentEvents { get; }
    DbSet<AccountToken> AccountTokens { get; }
    DbSet<OutboundEmail> OutboundEmails { get; }
    DbSet<ChatRoom> ChatRooms { get; }
    DbSet<ChatMessage> ChatMessages { get; }
    DbSet<ChatMute> ChatMutes { get; }
    DbSet<TokenReservation> TokenReservations { get; }
    DbSet<TokenMovement> TokenMovements { get; }

    Microsoft.EntityFrameworkCore.ChangeTracking.ChangeTracker ChangeTracker { get; }

    /// <summary>Transactions and the odd lock that a query cannot express.</summary>
    Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade Database { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}
