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
        yield return await ReadAsync(scopes, clock, ct);
        await foreach (var day in changes.ReadAllAsync(ct))
        {
            if (day == EventTopics.PoolMessage(UtcDay.Of(clock.GetUtcNow())))
            {
                yield return await ReadAsync(scopes, clock, ct);
            }
        }
    }

    private static async Task<DailyPool> ReadAsync(IServiceScopeFactory scopes, TimeProvider clock, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GetTokenPool>().HandleAsync(null, ct);
    }
}
