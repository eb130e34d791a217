using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Generations;

namespace Son1kVers3.Application.Generations;

/// <summary>A page of generations; <see cref="HasPreviousPage"/> when it starts after a cursor (items lie before it).</summary>
public sealed record GenerationPage(IReadOnlyList<Generation> Items, bool HasNextPage, int TotalCount, bool HasPreviousPage = false);

/// <summary>A track, and whether the reader downloaded it today (then its download link may be shown again, free).</summary>
public sealed record TrackRead(Track Track, bool DownloadedToday);

/// <summary>Reads of generations and their tracks. Tracks are loaded separately, in batches.</summary>
public sealed class GenerationQueries(IAppDbContext db, TimeProvider clock)
{
    public const int DefaultPageSize = 10;
    public const int MaxPageSize = 50;

    /// <summary>The generation when the viewer owns it or is an admin; null otherwise (as if it did not exist).</summary>
    public async Task<Generation?> GetAsync(Guid id, User? viewer, CancellationToken ct)
    {
        if (viewer is null)
        {
            return null;
        }

        var generation = await db.Generations.AsNoTracking().SingleOrDefaultAsync(g => g.Id == id, ct);
        return generation is not null && (generation.UserId == viewer.Id || viewer.Role == Role.Admin) ? generation : null;
    }

    /// <summary>A track of a generation the viewer may see; null otherwise.</summary>
    public async Task<Track?> GetTrackAsync(Guid trackId, User? viewer, CancellationToken ct)
    {
        var track = await db.Tracks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == trackId, ct);
        return track is not null && await GetAsync(track.GenerationId, viewer, ct) is not null ? track : null;
    }

    /// <summary>Newest first; the cursor is the last item's (createdAt, id).</summary>
    public async Task<Result<GenerationPage>> ListAsync(Guid userId, int? first, (DateTimeOffset CreatedAt, Guid Id)? after, GenerationStatus? status, CancellationToken ct)
    {
        var size = first ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize)
        {
            return Error.Validation("first", $"must be from 1 to {MaxPageSize}.");
        }

        var mine = db.Generations.AsNoTracking().Where(g => g.UserId == userId);
        if (status is { } s)
        {
            mine = mine.Where(g => g.Status == s);
        }

        var page = mine;
        if (after is { } cursor)
        {
            page = page.Where(g => g.CreatedAt < cursor.CreatedAt || (g.CreatedAt == cursor.CreatedAt && g.Id.CompareTo(cursor.Id) < 0));
        }

        var items = await page.OrderByDescending(g => g.CreatedAt).ThenByDescending(g => g.Id).Take(size + 1).ToListAsync(ct);
        var total = await mine.CountAsync(ct);
        return new GenerationPage(items.Take(size).ToList(), items.Count > size, total, after is not null);
    }

    /// <summary>The tracks of these generations in one query, each with whether <paramref name="reader"/> downloaded it today.</summary>
    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<TrackRead>>> TracksOfAsync(IReadOnlyCollection<Guid> generationIds, Guid? reader, CancellationToken ct)
    {
        var today = UtcDay.Of(clock.GetUtcNow());
        var readerId = reader ?? Guid.Empty;
        var tracks = await db.Tracks.AsNoTracking().Where(t => generationIds.Contains(t.GenerationId))
            .Select(t => new TrackRead(t, db.Downloads.Any(d => d.TrackId == t.Id && d.UserId == readerId && d.Day == today)))
            .ToListAsync(ct);
        return tracks.GroupBy(t => t.Track.GenerationId).ToDictionary(g => g.Key, g => (IReadOnlyList<TrackRead>)g.OrderBy(t => t.Track.Position).ToList());
    }

    public Task<bool> DownloadedTodayAsync(Guid userId, Guid trackId, CancellationToken ct)
    {
        var today = UtcDay.Of(clock.GetUtcNow());
        return db.Downloads.AnyAsync(d => d.UserId == userId && d.TrackId == trackId && d.Day == today, ct);
    }
}
