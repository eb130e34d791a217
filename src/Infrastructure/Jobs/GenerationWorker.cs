using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Son1kVers3.Application.Common;
using Son1kVers3.Application.Generations;
using Son1kVers3.Application.Observability;

namespace Son1kVers3.Infrastructure.Jobs;

/// <summary>
/// Runs on every instance: claims only as many due jobs as it has free slots, starts each at once
/// in a scope of its own (when a claim finds fewer due jobs than free slots, the next comes after the
/// idle delay), and renews the lease of every job in hand until its step is written, so a slow provider
/// never makes a live instance's job look abandoned. Jobs live in PostgreSQL, so a job interrupted
/// by a crash is taken over when its lease runs out, here or elsewhere, and nothing is ever submitted
/// twice (see <see cref="AdvanceGeneration"/>).
/// </summary>
internal sealed class GenerationWorker(
    GenerationJobQueue queue,
    IServiceScopeFactory scopes,
    GenerationSettings settings,
    WorkerSettings worker,
    TimeProvider clock,
    AppMetrics metrics,
    ILogger<GenerationWorker> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Guid, JobLease> _held = new();
    private readonly SemaphoreSlim _slotFreed = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!worker.Enabled)
        {
            return;
        }

        var heartbeat = RenewLeasesAsync(stoppingToken);
        var running = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                running.RemoveAll(t => t.IsCompleted);
                var wanted = Math.Min(worker.Parallelism - _held.Count, worker.BatchSize);
                var claimed = wanted > 0 ? await ClaimAsync(wanted, stoppingToken) : [];
                foreach (var lease in claimed)
                {
                    _held[lease.GenerationId] = lease;
                    running.Add(AdvanceAsync(lease, stoppingToken));
                }

                if (wanted <= 0)
                {
                    await _slotFreed.WaitAsync(worker.IdleDelay, stoppingToken); // no free slot: claim again once one is free
                }
                else if (claimed.Count < wanted)
                {
                    // Nothing more is due now, and a job ending makes no other due: sleep the idle delay (a claim after
                    // every ended step was a transaction per step that found nothing), then claim every slot freed meanwhile at once.
                    await Task.Delay(worker.IdleDelay, stoppingToken); // real time, as the wait for a slot
                    while (_slotFreed.Wait(0))
                    {
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(running);
        await heartbeat;
    }

    private async Task<IReadOnlyList<JobLease>> ClaimAsync(int max, CancellationToken ct)
    {
        try
        {
            metrics.JobsClaimed();
            return await queue.ClaimDueAsync(max, clock.GetUtcNow(), settings.Lease, worker.InstanceId, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "The generation worker could not claim jobs; retrying");
            return [];
        }
    }

    private async Task AdvanceAsync(JobLease lease, CancellationToken ct)
    {
        await Task.Yield(); // every claimed job starts now, in due order, none waiting behind another
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AdvanceGeneration>().HandleAsync(lease, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Advancing generation {Id} failed; it runs again when its lease ends", lease.GenerationId);
        }
        catch (OperationCanceledException)
        {
            // shutting down: the lease runs out and another instance takes the job over
        }
        finally
        {
            _held.TryRemove(lease.GenerationId, out _);
            _slotFreed.Release();
        }
    }

    /// <summary>The heartbeat: every GENERATION_LEASE_RENEW_MS, the lease of every job in hand is extended by a whole lease.</summary>
    private async Task RenewLeasesAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(settings.LeaseRenewal, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                var tokens = _held.Values.Select(l => l.Token).ToList();
                if (tokens.Count == 0)
                {
                    continue;
                }

                try
                {
                    var renewed = await queue.RenewAsync(tokens, clock.GetUtcNow() + settings.Lease, ct);
                    metrics.LeasesRenewed(renewed);
                    metrics.LeasesLost(tokens.Count - renewed);
                    if (renewed < tokens.Count)
                    {
                        logger.LogDebug("Renewed {Renewed} of {Held} leases; the others were written or taken over meanwhile", renewed, tokens.Count);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Renewing {Count} generation leases failed; retrying at the next beat", tokens.Count);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override void Dispose()
    {
        _slotFreed.Dispose();
        base.Dispose();
    }
}

/// <summary>The worker's settings; <see cref="InstanceId"/> names this process in leases and logs.</summary>
internal sealed record WorkerSettings(bool Enabled, int BatchSize, int Parallelism, TimeSpan IdleDelay, string InstanceId)
{
    public static WorkerSettings Read(SettingsReader settings) => new(
        settings.Bool("GENERATION_WORKER_ENABLED", true),
        settings.Int("GENERATION_WORKER_BATCH", 20, min: 1, max: 1000),
        settings.Int("GENERATION_WORKER_PARALLELISM", 8, min: 1, max: 256),
        TimeSpan.FromMilliseconds(settings.Int("GENERATION_WORKER_IDLE_MS", 500, min: 10, max: 60_000)),
        $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..6]}");
}
