using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.Common;
using Son1kVers3.Application.TokenPool;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Domain.Quotas;
using Son1kVers3.Domain.Sharing;

namespace Son1kVers3.Application.Sharing;

public sealed record ShareGenerationCommand(Guid UserId, Guid GenerationId);

/// <summary>
/// A public link to a completed generation of the user's, counted against the share quota;
/// sharing the same generation again returns the same link, free. FREE-tier links are watermarked.
/// </summary>
public sealed class ShareGeneration(IAppDbContext db, ITokenLedger ledger, IDistributedLock locks, TimeProvider clock, IUserRows rows)
{
    public async Task<Result<Share>> HandleAsync(ShareGenerationCommand command, CancellationToken ct)
    {
        var generation = await db.Generations.AsNoTracking().SingleOrDefaultAsync(g => g.Id == command.GenerationId && g.UserId == command.UserId, ct);
        if (generation is null)
        {
            return new Error(ErrorCodes.NotFound, "generationId: no generation of yours has this id.");
        }

        if (generation.Status != GenerationStatus.Completed)
        {
            return new Error(ErrorCodes.NotCompleted, "Only a COMPLETED song can be shared.");
        }

        await using var turn = await locks.TryAcquireAsync($"user-quota:{command.UserId:N}", Contention.MaxWait, ct);
        if (turn is null)
        {
            return Contention.Busy("Another of your downloads or shares is being recorded.");
        }

        if (await db.Shares.AsNoTracking().SingleOrDefaultAsync(s => s.GenerationId == generation.Id, ct) is { } existing)
        {
            return existing;
        }

        var now = clock.GetUtcNow();
        var today = UtcDay.Of(now);
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == command.UserId, ct);
        if (QuotaRules.CheckShare(user.Plan, await ledger.GetUsageAsync(command.UserId, today, ct), today) is { } refused)
        {
            return refused;
        }

        var share = Share.Create(generation.Id, command.UserId, user.Plan.WatermarkedShares, now);
        db.Shares.Add(share);
        await db.SaveChangesAsync(ct);
        await UsageRevisions.BumpAsync(db, rows, command.UserId, ct);
        return share;
    }
}
