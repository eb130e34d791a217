using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.TokenPool;

namespace Son1kVers3.Application.TokenPool;

/// <summary>
/// The shared pool of one UTC day (today when no date is given). Unique clients and the ledger
/// arrive with client registration; until then U is 0 and nothing is reserved or used.
/// </summary>
public sealed class GetTokenPool(PoolSettings settings, TimeProvider clock)
{
    public Task<DailyPool> HandleAsync(DateOnly? date, CancellationToken cancellationToken)
    {
        var day = date ?? UtcDay.Of(clock.GetUtcNow());
        return Task.FromResult(DailyPool.Compute(day, settings.Bases, uniqueClients: 0));
    }
}
