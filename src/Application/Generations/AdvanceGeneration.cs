using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Generations;

namespace Son1kVers3.Application.Generations;

/// <summary>
/// One step of a generation's job, run by whichever worker leased it: submit once, then poll
/// with backoff until a terminal state or the hard limit. A submit whose outcome is unknown is
/// never sent again.
/// </summary>
public sealed class AdvanceGeneration(
    IAppDbContext db,
    IMusicProvider provider,
    GenerationSettlement settlement,
    GenerationSettings settings,
    TimeProvider clock,
    ILogger<AdvanceGeneration> logger)
{
    public async Task HandleAsync(Guid generationId, CancellationToken cancellationToken)
    {
        var job = await db.GenerationJobs.SingleOrDefaultAsync(j => j.GenerationId == generationId, cancellationToken);
        var generation = await db.Generations.Include(g => g.Tracks).SingleOrDefaultAsync(g => g.Id == generationId, cancellationToken);
        if (job is null || generation is null)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var changed = false;
        if (!generation.Status.IsTerminal())
        {
            if (now - generation.CreatedAt > settings.HardLimit)
            {
                changed = generation.Fail($"The song was not ready within {settings.HardLimit.TotalMinutes:0} minutes; your quota and token were given back.", now);
            }
            else
            {
                changed = job.Step switch
                {
                    JobStep.Submitting => generation.Fail(
                        "The music service did not confirm the request. It was not sent again, so you are not charged twice; your quota and token were given back.", now),
                    JobStep.Submit => await SubmitAsync(generation, job, now, cancellationToken),
                    _ => await PollAsync(generation, job, now, cancellationToken),
                };
            }
        }

        try
        {
            await settlement.SaveAsync(generation, job, changed, cancellationToken);
        }
        catch (DbUpdateException)
        {
            logger.LogInformation("Generation {Id} changed meanwhile (a callback); its job runs again when the lease ends", generationId);
        }
    }

    private async Task<bool> SubmitAsync(Generation generation, GenerationJob job, DateTimeOffset now, CancellationToken ct)
    {
        job.MarkSubmitting();
        await db.SaveChangesAsync(ct); // recorded before the request leaves: a crash from here on is never resent

        switch (await provider.SubmitAsync(generation.Request, settings.CallbackUrl, ct))
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
                logger.LogWarning("Submit of generation {Id} has an unknown outcome: {Reason}", generation.Id, unknown.Reason);
                return generation.Fail(
                    "The music service did not confirm the request in time. It was not sent again, so you are not charged twice; your quota and token were given back.", now);
            default:
                throw new InvalidOperationException("Unknown submit result");
        }
    }

    private async Task<bool> PollAsync(Generation generation, GenerationJob job, DateTimeOffset now, CancellationToken ct)
    {
        var result = await provider.GetStatusAsync(generation.ProviderTaskId!, ct);
        var changed = result is PollResult.Report report && generation.Apply(report.Update, now);
        job.Schedule(JobStep.Poll, now + settings.Backoff(job.Attempts));
        return changed;
    }
}
