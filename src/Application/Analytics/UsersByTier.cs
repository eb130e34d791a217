using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Plans;

namespace Son1kVers3.Application.Analytics;

/// <summary>How many users each tier has, every tier listed.</summary>
public sealed class UsersByTier(IAppDbContext db)
{
    public async Task<IReadOnlyList<CountEntry>> HandleAsync(CancellationToken ct)
    {
        var counts = await db.Users.GroupBy(u => u.Tier).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return PlanCatalog.All.Select(p => new CountEntry(p.Tier.ToString().ToUpperInvariant(), counts.GetValueOrDefault(p.Tier))).ToList();
    }
}
