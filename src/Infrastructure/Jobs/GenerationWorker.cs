using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Son1kVers3.Application.Generations;

namespace Son1kVers3.Infrastructure.Jobs;

/// <summary>
/// Runs on every instance: leases due generation jobs and advances each in a scope of its own.
/// Jobs live in PostgreSQL, so a job interrupted by a crash is picked up after its lease, here or
/// elsewhere, and nothing is ever submitted twice (see <see cref="AdvanceGeneration"/>).
/// </summary>
internal sealed class GenerationWorker(
    GenerationJobQueue queue,
    IServiceScopeFactory scopes,
    GenerationSettings settings,
    WorkerSettings worker,
    TimeProvider clock,
    ILogger<GenerationWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!worker.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<Guid> due = [];
            try
            {
                due = await queue.ClaimDueAsync(worker.BatchSize, clock.GetUtcNow(), settings.Lease, stoppingToken);
                await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = worker.Parallelism, CancellationToken = stoppingToken }, AdvanceAsync);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The generation worker failed a round; retrying");
            }

            if (due.Count < worker.BatchSize)
            {
                try
                {
                    await Task.Delay(worker.IdleDelay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async ValueTask AdvanceAsync(Guid generationId, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AdvanceGeneration>().HandleAsync(generationId, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Advancing generation {Id} failed; it runs again when its lease ends", generationId);
        }
    }
}

internal sealed record WorkerSettings(bool Enabled, int BatchSize, int Parallelism, TimeSpan IdleDelay)
{
    public static WorkerSettings Read(Application.Common.SettingsReader settings) => new(
        settings.Bool("GENERATION_WORKER_ENABLED", true),
        settings.Int("GENERATION_WORKER_BATCH", 20, min: 1, max: 1000),
        settings.Int("GENERATION_WORKER_PARALLELISM", 8, min: 1, max: 256),
        TimeSpan.FromMilliseconds(settings.Int("GENERATION_WORKER_IDLE_MS", 500, min: 10, max: 60_000)));
}
