using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Generations;

namespace Son1kVers3.Application.Analytics;

/// <summary>Generations per state (all time, or created today UTC) and today's count.</summary>
public sealed class GenerationStats(IAppDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<CountEntry>> ByStatusAsync(bool todayOnly, CancellationToken ct)
    {
        var generations = db.Generations.AsQueryable();
        if (todayOnly)
        {
            var start = UtcDay.StartOf(UtcDay.Of(clock.GetUtcNow()));
            generations = generations.Where(g => g.CreatedAt >= start);
        }

        var counts = await generations.GroupBy(g => g.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return Enum.GetValues<GenerationStatus>().Select(s => new CountEntry(s.ToString().ToUpperInvariant(), counts.GetValueOrDefault(s))).ToList();
    }

    public Task<int> TodayAsync(CancellationToken ct)
    {
        var start = UtcDay.StartOf(UtcDay.Of(clock.GetUtcNow()));
        return db.Generations.CountAsync(g => g.CreatedAt >= start, ct);
    }
}
