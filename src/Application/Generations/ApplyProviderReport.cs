using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Generations;

namespace Son1kVers3.Application.Generations;

/// <summary>
/// A provider callback. Callbacks and polls may race, repeat or arrive out of order: the
/// aggregate only moves forward, and the write takes its turn with the worker's on the generation's row version.
/// </summary>
public sealed class ApplyProviderReport(IAppDbContext db, GenerationSettlement settlement, TimeProvider clock)
{
    /// <summary>False when no generation has this task id.</summary>
    public async Task<bool> HandleAsync(string taskId, ProviderUpdate update, CancellationToken ct)
    {
        var generationId = await db.Generations.AsNoTracking().Where(g => g.ProviderTaskId == taskId).Select(g => (Guid?)g.Id).SingleOrDefaultAsync(ct);
        if (generationId is not { } id)
        {
            return false;
        }

        await settlement.WriteAsync(await settlement.ReadAsync(id, ct), lease: null, (generation, _) => generation.Apply(update, clock.GetUtcNow()), ct);
        return true;
    }
}
