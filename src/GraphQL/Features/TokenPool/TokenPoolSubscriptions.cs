using GraphQL.Types;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.TokenPool;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.TokenPool;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Execution.Fanout;

namespace Son1kVers3.GraphQL.Features.TokenPool;

public static class TokenPoolSubscriptions
{
    public static void AddTokenPoolSubscriptions(this ObjectGraphType subscription) =>
        subscription.Field<NonNullGraphType<TokenPoolType>>("tokenPoolUpdated")
            .Description("Today's pool figures, now and whenever they change (UTC day).")
            .SharedWith(SharedResults.Everyone) // the pool's figures are public: one result for every subscriber
            .ResolveStream(c =>
            {
                // The stream keeps what it needs, not the resolve context (which holds the whole start of the operation).
                var (streams, feed, scopes, clock) = (c.Service<SharedStreams>(), c.Service<IEventFeed>(), c.Service<IServiceScopeFactory>(), c.Service<TimeProvider>());
                return Watch(streams, feed, scopes, clock);
            });

    /// <summary>One read of the pool per change for every subscriber on this instance (<see cref="SharedState"/>); a resync sends only a change.</summary>
    private static IObservable<object?> Watch(SharedStreams streams, IEventFeed feed, IServiceScopeFactory scopes, TimeProvider clock) =>
        SharedState.Watch<DailyPool, PoolChanged>(
            streams,
            "pool",
            () => EventStream.SubscribeAsync<PoolChanged>(feed, PoolChanged.TopicName, changed => changed.Day == UtcDay.Of(clock.GetUtcNow())),
            c => ReadAsync(scopes, c),
            (update, last) => !update.Resync || !update.Value.Equals(last) ? StateStep.Send : StateStep.Skip);

    private static async Task<DailyPool> ReadAsync(IServiceScopeFactory scopes, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GetTokenPool>().HandleAsync(null, ct);
    }
}
