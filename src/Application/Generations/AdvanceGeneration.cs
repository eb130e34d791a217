using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.Observability;
using Son1kVers3.Domain.Generations;

namespace Son1kVers3.Application.Generations;

/// <summary>
/// One step of a generation's job, run by the worker holding its lease: submit once, then poll
/// with backoff until a terminal state or the hard limit. A submit whose outcome is unknown is
/// never sent again. The step is the one the job was claimed in (see <see cref="JobLease"/>): a step
/// costs one read of the generation and one outcome statement, written on the state read unless someone wrote the
/// generation meanwhile. Every outcome is written through <see cref="GenerationSettlement"/>, only
/// while the lease is still this worker's.
/// </summary>
public sealed class AdvanceGeneration(
    IMusicProvider provider,
    GenerationSettlement settlement,
    GenerationSettings settings,
    TimeProvider clock,
    AppMetrics metrics,
    ILogger<AdvanceGeneration> logger)
{
    public async Task HandleAsync(JobLease lease, CancellationToken cancellationToken)
    {
        var read = await settlement.ReadAsync(lease.GenerationId, cancellationToken);
        if (read is null)
        {
            return; // deleted with its account meanwhile
        }

        var generation = read.Generation;

        if (generation.Status.IsTerminal())
        {
            await settlement.WriteAsync(read, lease, (_, _) => false, cancellationToken); // ends the job, settles the reservation
        }
        else if (clock.GetUtcNow() - generation.CreatedAt > settings.HardLimit)
        {
            await settlement.WriteAsync(read, lease, (g, _) => g.Fail(
                $"The song was not ready within {settings.HardLimit.TotalMinutes:0} minutes; your quota and token were given back.", clock.GetUtcNow()), cancellationToken);
        }
        else
        {
            await (lease.Step switch
            {
                JobStep.Submitting => settlement.WriteAsync(read, lease, (g, _) => FailAsUnknownOutcome(g, "the worker that sent it stopped before the answer",
                    "The music service did not confirm the request. It was not sent again, so you are not charged twice; your quota and token were given back."), cancellationToken),
                JobStep.Submit => SubmitAsync(lease, read, cancellationToken),
                _ => PollAsync(lease, read, cancellationToken),
            });
        }
    }

    private async Task<bool> SubmitAsync(JobLease lease, StoredGeneration read, CancellationToken ct)
    {
        // The claim recorded the job as Submitting before this request leaves: a crash from here on is never resent.
        var started = Stopwatch.GetTimestamp();
        var result = await provider.SubmitAsync(read.Generation.Request, ct);
        metrics.ProviderCalled("submit", result.GetType().Name.ToLowerInvariant(), Stopwatch.GetElapsedTime(started));
        return await settlement.WriteAsync(read, lease, (generation, job) => ApplySubmit(result, generation, job!), ct);
    }

    private bool ApplySubmit(SubmitResult result, Generation generation, GenerationJob job)
    {
        var now = clock.GetUtcNow();
        switch (result)
        {
            case SubmitResult.Accepted accepted:
                job.Schedule(JobStep.Poll, now + settings.FirstPoll);
                return generation.MarkSubmitted(accepted.TaskId, now);
            case SubmitResult.TryLater later when job.Attempts + 1 < settings.MaxSubmitAttempts:
                logger.LogWarning("Submit of generation {Id} deferred: {Reason}", generation.Id, later.Reason);
                job.Schedule(JobStep.Submit, now + settings.Backoff(job.Attempts));
                return false;
            case SubmitResult.TryLater later:
                return generation.Fail($"The music service is busy ({later.Reason}). Your quota and token were given back; try again later.", now);
            case SubmitResult.Refused refused:
                return generation.Fail(refused.Reason, now);
            case SubmitResult.Unknown unknown:
                return FailAsUnknownOutcome(generation, unknown.Reason,
                    "The music service did not confirm the request in time. It was not sent again, so you are not charged twice; your quota and token were given back.");
            default:
                throw new InvalidOperationException("Unknown submit result");
        }
    }

    private bool FailAsUnknownOutcome(Generation generation, string reason, string userMessage)
    {
        logger.LogWarning("Generation {Id} failed as an unknown outcome: its submit was never confirmed ({Reason}); it is not sent again, and its reservation is released", generation.Id, reason);
        return generation.Fail(userMessage, clock.GetUtcNow());
    }

    private async Task<bool> PollAsync(JobLease lease, StoredGeneration read, CancellationToken ct)
    {
        var snapshot = read.Generation;
        var started = Stopwatch.GetTimestamp();
        var result = await provider.GetStatusAsync(snapshot.ProviderTaskId!, ct);
        metrics.ProviderCalled("status", result.GetType().Name.ToLowerInvariant(), Stopwatch.GetElapsedTime(started));
        if (result is not PollResult.Report report || !snapshot.CouldChange(report.Update))
        {
            // No news: the generation as read at the start of the step (or any later state of it) is already there, so only the
            // job moves on, in one statement fenced by the lease: no transaction, no second read, nothing to publish.
            return await settlement.RescheduleAsync(lease, JobStep.Poll, clock.GetUtcNow() + settings.Backoff(lease.Attempts), ct);
        }

        return await settlement.WriteAsync(read, lease, (generation, job) =>
        {
            var now = clock.GetUtcNow();
            var changed = result is PollResult.Report report && generation.Apply(report.Update, now);
            job!.Schedule(JobStep.Poll, now + settings.Backoff(job.Attempts));
            return changed;
        }, ct);
    }
}
