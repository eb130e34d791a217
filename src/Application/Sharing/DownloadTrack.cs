using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.Common;
using Son1kVers3.Application.Media;
using Son1kVers3.Application.TokenPool;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Domain.Quotas;
using Son1kVers3.Domain.Sharing;

namespace Son1kVers3.Application.Sharing;

public sealed record DownloadTrackCommand(Guid UserId, Guid TrackId);

/// <summary>
/// A signed, expiring /media token for the original file of a completed track of the user's,
/// counted against the daily download quota; the same track again on the same UTC day is free.
/// Checks and writes take turns per user.
/// </summary>
public sealed class DownloadTrack(IAppDbContext db, ITokenLedger ledger, IDistributedLock locks, MediaTokens tokens, TimeProvider clock, IUserRows rows)
{
    public async Task<Result<string>> HandleAsync(DownloadTrackCommand command, CancellationToken ct)
    {
        var found = await (from t in db.Tracks.AsNoTracking()
                           join g in db.Generations.AsNoTracking() on t.GenerationId equals g.Id
                           where t.Id == command.TrackId && g.UserId == command.UserId
                           select new { t.AudioUrl, g.Status }).SingleOrDefaultAsync(ct);
        if (found is null)
        {
            return new Error(ErrorCodes.NotFound, "trackId: no track of yours has this id.");
        }

        if (found.Status != GenerationStatus.Completed || found.AudioUrl is null)
        {
            return new Error(ErrorCodes.NotCompleted, "This track is not finished yet; download it once its song is COMPLETED.");
        }

        await using var turn = await locks.TryAcquireAsync($"user-quota:{command.UserId:N}", Contention.MaxWait, ct);
        if (turn is null)
        {
            return Contention.Busy("Another of your downloads or shares is being recorded.");
        }

        var now = clock.GetUtcNow();
        var today = UtcDay.Of(now);
        if (await db.Downloads.AnyAsync(d => d.UserId == command.UserId && d.TrackId == command.TrackId && d.Day == today, ct))
        {
            return tokens.Sign(command.TrackId, MediaUse.Download);
        }

        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == command.UserId, ct);
        var usage = await ledger.GetUsageAsync(command.UserId, today, ct);
        if (QuotaRules.CheckDownload(user.Plan, usage, today) is { } refused)
        {
            return refused;
        }

        db.Downloads.Add(Download.Record(command.UserId, command.TrackId, now));
        await db.SaveChangesAsync(ct);
        await UsageRevisions.BumpAsync(db, rows, command.UserId, ct);
        return tokens.Sign(command.TrackId, MediaUse.Download);
    }
}
