using Son1kVers3.Domain.Generations;

namespace Son1kVers3.Application.Generations;

/// <summary>
/// A provider callback. Callbacks and polls may race, repeat or arrive out of order: the
/// aggregate only moves forward, and the write takes its turn with the worker's on the generation's row version. A callback
/// costs two statements: the generation read by its task id, and the write.
/// </summary>
public sealed class ApplyProviderReport(GenerationSettlement settlement, TimeProvider clock)
{
    /// <summary>False when no generation has this task id.</summary>
    public async Task<bool> HandleAsync(string taskId, ProviderUpdate update, CancellationToken ct)
    {
        if (await settlement.ReadByProviderTaskAsync(taskId, ct) is not { } read)
        {
            return false;
        }

        await settlement.WriteAsync(read, lease: null, (generation, _) => generation.Apply(update, clock.GetUtcNow()), ct);
        return true;
    }
}
