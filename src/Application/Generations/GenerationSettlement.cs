using Microsoft.Extensions.Logging;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.Observability;
using Son1kVers3.Domain.Generations;

namespace Son1kVers3.Application.Generations;

/// <summary>
/// Writes a change to a generation in one statement (see <see cref="IGenerationOutcomes"/>): the change is applied to the
/// generation as read, and written only if nobody wrote the generation since (otherwise it is read again and the change
/// applied again) and, for a worker, only while its lease is still the job's (fencing: a worker that lost its lease writes
/// nothing). A terminal state ends the job and settles the reservation (commit on success, release otherwise) in the same
/// statement. Every instance hears of the change after it is written.
/// </summary>
public sealed class GenerationSettlement(
    IGenerationOutcomes outcomes,
    IGenerationEvents events,
    AppMetrics metrics,
    ILogger<GenerationSettlement> logger)
{
    /// <summary>How many times a change is applied again on fresh state before giving up (a generation written that often meanwhile).</summary>
    private const int MaxAttempts = 5;

    /// <summary>The generation with its tracks, as a step starts; null when there is none.</summary>
    public Task<StoredGeneration?> ReadAsync(Guid generationId, CancellationToken ct) => outcomes.ReadAsync(generationId, ct);

    /// <summary>The generation the provider knows by <paramref name="taskId"/>, with its tracks; null when there is none.</summary>
    public Task<StoredGeneration?> ReadByProviderTaskAsync(string taskId, CancellationToken ct) => outcomes.ReadByProviderTaskAsync(taskId, ct);

    /// <summary>
    /// Applies <paramref name="change"/> (true when the generation changed) to the generation as <paramref name="read"/> and to
    /// the job as the lease holds it (null without a lease). Without a lease (a callback) the change is always written; with
    /// one, only while it is still the job's. False when nothing was written.
    /// </summary>
    public async Task<bool> WriteAsync(StoredGeneration? read, JobLease? lease, Func<Generation, GenerationJob?, bool> change, CancellationToken ct)
    {
        for (var attempt = 1; read is not null; attempt++)
        {
            var generation = read.Generation;
            var job = lease?.Job();
            var changed = change(generation, job);
            var terminal = generation.Status.IsTerminal();
            if (lease is null && !changed && !terminal)
            {
                return true; // a report with nothing new: nothing to write
            }

            var settle = terminal
                ? new ReservationSettlement(generation.ReservationId, generation.Status == GenerationStatus.Completed,
                    $"generation {generation.Id} {generation.Status.ToString().ToLowerInvariant()}")
                : null;
            var written = await outcomes.WriteAsync(new GenerationOutcome(read, changed, lease, job, settle), ct);
            switch (written.Status)
            {
                case OutcomeWritten.Written:
                    if (changed)
                    {
                        metrics.GenerationReached(generation.Status.ToString().ToLowerInvariant());
                        await events.PublishChangedAsync(generation.Id, generation.UserId, ct);
                    }

                    return true;
                case OutcomeWritten.LeaseLost:
                    LogLostLease(lease!, written.Holder);
                    return false;
                case OutcomeWritten.Stale when attempt == MaxAttempts:
                    throw new InvalidOperationException($"Generation {generation.Id} was written by others {MaxAttempts} times while this change was being written");
                default:
                    read = await outcomes.ReadAsync(generation.Id, ct); // written meanwhile: decide again on fresh state
                    break;
            }
        }

        return false; // deleted with its account meanwhile
    }

    /// <summary>
    /// An outcome that changes only the job (see <see cref="IGenerationOutcomes.RescheduleAsync"/>): the next step by the
    /// job's own rule (<see cref="GenerationJob.Schedule"/>), one statement, nothing to publish. False when the lease is no
    /// longer the job's, and nothing was written.
    /// </summary>
    public async Task<bool> RescheduleAsync(JobLease lease, JobStep step, DateTimeOffset dueAt, CancellationToken ct)
    {
        var job = lease.Job();
        job.Schedule(step, dueAt);
        if (await outcomes.RescheduleAsync(lease, job, ct))
        {
            return true;
        }

        logger.LogInformation(
            "Instance {Instance} no longer holds the job of generation {Id} (taken over, or ended by a provider callback); it writes nothing",
            lease.InstanceId, lease.GenerationId);
        return false;
    }

    private void LogLostLease(JobLease lease, string? holder)
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
                lease.InstanceId, lease.GenerationId, holder);
        }
    }
}
