using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Generations;

namespace Son1kVers3.Application.Generations;

/// <summary>
/// Saves a generation after a change. A terminal state settles its reservation first (commit on
/// success, release otherwise; the ledger settles each reservation once, so a repeat is harmless)
/// and ends its job; then every instance hears of the change.
/// </summary>
public sealed class GenerationSettlement(IAppDbContext db, ITokenLedger ledger, IGenerationEvents events)
{
    public async Task SaveAsync(Generation generation, GenerationJob? job, bool changed, CancellationToken ct)
    {
        if (generation.Status.IsTerminal())
        {
            var reason = $"generation {generation.Id} {generation.Status.ToString().ToLowerInvariant()}";
            _ = generation.Status == GenerationStatus.Completed
                ? await ledger.CommitAsync(generation.ReservationId, reason, ct)
                : await ledger.ReleaseAsync(generation.ReservationId, reason, ct);
            if (job is not null)
            {
                db.GenerationJobs.Remove(job);
            }
        }

        await db.SaveChangesAsync(ct);
        if (changed)
        {
            await events.PublishChangedAsync(generation.Id, generation.UserId, ct);
        }
    }
}
