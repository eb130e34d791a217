using System.Collections.Concurrent;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Quotas;

namespace Son1kVers3.Application.TokenPool;

/// <summary>
/// What a user has used today and in the lifetime, in-flight reservations included. Kept per
/// instance under the user row's <see cref="User.UsageRevision"/> as read for this request: every
/// change of usage gives the row a new revision (in or after its transaction, on any instance), so a
/// figure is reused only while nothing has changed, and the first read after a change recomputes it.
/// </summary>
public sealed class GetUsage(ITokenLedger ledger, TimeProvider clock)
{
    private const int PruneAbove = 10_000;
    private readonly ConcurrentDictionary<Guid, (long Revision, DateOnly Day, Usage Usage)> _known = new();

    public async Task<(Usage Usage, DateOnly Today)> HandleAsync(User user, CancellationToken cancellationToken)
    {
        var today = UtcDay.Of(clock.GetUtcNow());
        if (_known.TryGetValue(user.Id, out var known) && known.Revision == user.UsageRevision && known.Day == today)
        {
            return (known.Usage, today);
        }

        var usage = await ledger.GetUsageAsync(user.Id, today, cancellationToken);
        if (_known.Count >= PruneAbove)
        {
            _known.Clear();
        }

        _known[user.Id] = (user.UsageRevision, today, usage);
        return (usage, today);
    }
}
