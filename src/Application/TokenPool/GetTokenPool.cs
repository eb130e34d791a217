using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.TokenPool;

namespace Son1kVers3.Application.TokenPool;

/// <summary>The shared pool of one UTC day (today when no date is given).</summary>
public sealed class GetTokenPool(ITokenLedger ledger, TimeProvider clock)
{
    public Task<DailyPool> HandleAsync(DateOnly? date, CancellationToken cancellationToken) =>
        ledger.GetPoolAsync(date ?? UtcDay.Of(clock.GetUtcNow()), cancellationToken);
}
