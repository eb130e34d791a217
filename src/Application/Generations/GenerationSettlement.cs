using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.Observability;
using Son1kVers3.Domain.Generations;

namespace Son1kVers3.Application.Generations;

/// <summary>
/// Writes a change to a generation, in one transaction: lock its job row (a worker and a callback
/// of the same generation take turns), check that a worker's lease is still its own (fencing: a
/// worker that lost its lease writes nothing), load fresh state, apply the change, save; a
/// terminal state ends the job and settles the reservation (commit on success, release otherwise).
/// Every instance hears of the change after the commit.
/// </summary>
public sealed class GenerationSettlement(
    IAppDbContext db,
    IOutcomeTransactions transactions,
    IGenerationEvents events,
    AppMetrics metrics,
    ILogger<GenerationSettlement> logger)
{
    /// <summary>
    /// Applies <paramref name="change"/> (true when the generation changed) to the fresh generation and
    /// its job (null when it has none). Without a lease (a callback) the change is always written; with
    /// one, only while it is still the job's. False when nothing was written.
    /// </summary>
    public async Task<bool> WriteAsync(Guid generationId, JobLease? lease, Func<Generation, GenerationJob?, bool> change, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        Generation? generation;
        bool changed;
        await using (var transaction = await transactions.BeginAsync(ct))
        {
            var job = await transaction.LockJobAsync(generationId, ct);
            if (lease is not null && job?.LeaseToken != lease.Token)
            {
                LogLostLease(lease, job);
                return false;
            }

            generation = await db.Generations.Include(g => g.Tracks).SingleOrDefaultAsync(g => g.Id == generationId, ct);
            if (generation is null)
            {
                return false;
            }

            changed = change(generation, job);
            var terminal = generation.Status.IsTerminal();
            if (terminal && job is not null)
            {
                db.GenerationJobs.Remove(job);
            }

            await db.SaveChangesAsync(ct);
            if (terminal)
            {
                var completed = generation.Status == GenerationStatus.Completed;
                await transaction.SettleReservationAsync(
                    generation.ReservationId, completed, $"generation {generation.Id} {generation.Status.ToString().ToLowerInvariant()}", ct);
            }

            await transaction.CommitAsync(ct);
        }

        if (changed)
        {
            metrics.GenerationReached(generation.Status.ToString().ToLowerInvariant());
            await events.PublishChangedAsync(generation.Id, generation.UserId, ct);
        }

        return true;
    }

    /// <summary>
    /// An outcome that changes only the job (see <see cref="IOutcomeTransactions.RescheduleAsync"/>): one statement, no
    /// transaction, nothing to publish. False when the lease is no longer the job's, and nothing was written.
    /// </summary>
    public async Task<bool> RescheduleAsync(JobLease lease, JobStep step, DateTimeOffset dueAt, CancellationToken ct)
    {
        if (await transactions.RescheduleAsync(lease, step, dueAt, ct))
        {
            return true;
        }

        logger.LogInformation(
            "Instance {Instance} no longer holds the job of generation {Id} (taken over, or ended by a provider callback); it writes nothing",
            lease.InstanceId, lease.GenerationId);
        return false;
    }

    private void LogLostLease(JobLease lease, GenerationJob? holder)
    {
        if (holder is null)
        {
            logger.LogInformation("Generation {Id} ended meanwhile (a provider callback); instance {Instance} has nothing more to write", lease.GenerationId, lease.InstanceId);
        }
        else
        {
            metrics.LeasesLost(1);
            logger.LogWarning(
                "Instance {Instance} lost its lease on generation {Id} to instance {Holder}; it writes nothing and leaves the job to its holder",
                lease.InstanceId, lease.GenerationId, holder.LeasedBy ?? "unknown");
        }
    }
}
