using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Quotas;

namespace Son1kVers3.Application.TokenPool;

/// <summary>What a user has used today and in the lifetime, in-flight reservations included.</summary>
public sealed class GetUsage(ITokenLedger ledger, TimeProvider clock)
{
    public async Task<(Usage Usage, DateOnly Today)> HandleAsync(Guid userId, CancellationToken cancellationToken)
    {
        var today = UtcDay.Of(clock.GetUtcNow());
        return (await ledger.GetUsageAsync(userId, today, cancellationToken), today);
    }
}
