using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Generations;

namespace Son1kVers3.Application.Generations;

/// <summary>
/// A provider callback. Callbacks and polls may race, repeat or arrive out of order: the
/// aggregate only moves forward, and a concurrent save is retried on fresh state.
/// </summary>
public sealed class ApplyProviderReport(IAppDbContext db, GenerationSettlement settlement, TimeProvider clock)
{
    private const int Attempts = 3;

    /// <summary>False when no generation has this task id.</summary>
    public async Task<bool> HandleAsync(string taskId, ProviderUpdate update, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var generation = await db.Generations.Include(g => g.Tracks).SingleOrDefaultAsync(g => g.ProviderTaskId == taskId, ct);
            if (generation is null)
            {
                return false;
            }

            var job = await db.GenerationJobs.SingleOrDefaultAsync(j => j.GenerationId == generation.Id, ct);
            var changed = generation.Apply(update, clock.GetUtcNow());
            try
            {
                await settlement.SaveAsync(generation, job, changed, ct);
                return true;
            }
            catch (DbUpdateException) when (attempt < Attempts) // a racing poll or callback saved first (xmin or the track index)
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}
