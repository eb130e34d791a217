using System.Runtime.CompilerServices;
using GraphQL.Types;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.TokenPool;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.TokenPool;
using Son1kVers3.GraphQL.Execution;

namespace Son1kVers3.GraphQL.Features.TokenPool;

public static class TokenPoolSubscriptions
{
    public static void AddTokenPoolSubscriptions(this ObjectGraphType subscription) =>
        subscription.Field<NonNullGraphType<TokenPoolType>>("tokenPoolUpdated")
            .Description("Today's pool figures, now and whenever they change (UTC day).")
            .ResolveStream(c => new AsyncEnumerableObservable<DailyPool>(ct =>
                WatchAsync(c.Service<IEventFeed>(), c.Service<IServiceScopeFactory>(), c.Service<TimeProvider>(), ct)));

    private static async IAsyncEnumerable<DailyPool> WatchAsync(IEventFeed feed, IServiceScopeFactory scopes, TimeProvider clock, [EnumeratorCancellation] CancellationToken ct)
    {
        using var changes = await EventStream.SubscribeAsync(feed, EventTopics.Pool, _ => true);
        var last = await ReadAsync(scopes, clock, ct);
        yield return last;
        await foreach (var day in changes.ReadAllAsync(ct))
        {
            var resync = day == EventStream.Resync;
            if (resync || day == EventTopics.PoolMessage(UtcDay.Of(clock.GetUtcNow())))
            {
                // A database outage makes the read wait and try again; the subscription goes on.
                var current = await OutageRetry.ReadAsync(c => ReadAsync(scopes, clock, c), ct);
                if (!resync || !current.Equals(last))
                {
                    last = current;
                    yield return current;
                }
            }
        }
    }

    private static async Task<DailyPool> ReadAsync(IServiceScopeFactory scopes, TimeProvider clock, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GetTokenPool>().HandleAsync(null, ct);
    }
}
