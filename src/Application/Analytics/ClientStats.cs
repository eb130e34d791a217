using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Analytics;

public sealed record CountEntry(string Key, int Count);

public sealed record DailyCount(DateOnly Date, int Count);

/// <summary>Admin figures about browser installations (DOMAIN.md §9).</summary>
public sealed class ClientStats(IAppDbContext db, TimeProvider clock)
{
    public const int MaxDays = 366;

    private DateOnly Today => UtcDay.Of(clock.GetUtcNow());

    public Task<int> TotalAsync(CancellationToken ct) => db.Clients.CountAsync(ct);

    public Task<int> ActiveTodayAsync(CancellationToken ct) => db.ClientDays.CountAsync(d => d.Day == Today, ct);

    public Task<int> NewTodayAsync(CancellationToken ct)
    {
        var start = UtcDay.StartOf(Today);
        return db.Clients.CountAsync(c => c.FirstSeen >= start, ct);
    }

    public async Task<IReadOnlyList<CountEntry>> ByCountryAsync(CancellationToken ct) =>
        (await db.Clients.GroupBy(c => c.Country).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .Select(g => new CountEntry(g.Key, g.Count)).OrderByDescending(e => e.Count).ThenBy(e => e.Key, StringComparer.Ordinal).ToList();

    public async Task<IReadOnlyList<CountEntry>> ByCityAsync(CancellationToken ct) =>
        (await db.Clients.GroupBy(c => c.City).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .Select(g => new CountEntry(g.Key, g.Count)).OrderByDescending(e => e.Count).ThenBy(e => e.Key, StringComparer.Ordinal).ToList();

    /// <summary>Active clients per day for the last <paramref name="days"/> days, today last, zero-filled.</summary>
    public async Task<Result<IReadOnlyList<DailyCount>>> DailyAsync(int days, CancellationToken ct)
    {
        if (days is < 1 or > MaxDays)
        {
            return Error.Validation("days", $"must be from 1 to {MaxDays}.");
        }

        var today = Today;
        var first = today.AddDays(1 - days);
        var counts = await db.ClientDays.Where(d => d.Day >= first && d.Day <= today)
            .GroupBy(d => d.Day).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return Enumerable.Range(0, days).Select(i => first.AddDays(i)).Select(d => new DailyCount(d, counts.GetValueOrDefault(d))).ToList();
    }
}
