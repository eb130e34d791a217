using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Accounts;

namespace Son1kVers3.Application.Accounts;

/// <summary>The providers linked to each of several users, in one query.</summary>
public sealed class GetLinkedProviders(IAppDbContext db)
{
    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<OAuthProvider>>> HandleAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken)
    {
        var links = await db.ExternalLogins.AsNoTracking()
            .Where(l => userIds.Contains(l.UserId))
            .Select(l => new { l.UserId, l.Provider })
            .ToListAsync(cancellationToken);
        return links.GroupBy(l => l.UserId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<OAuthProvider>)g.Select(l => l.Provider).Order().ToList());
    }
}
