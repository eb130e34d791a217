using System.Runtime.CompilerServices;
using GraphQL;
using GraphQL.Types;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.Generations;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Generations;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Execution.Fanout;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.Generations;

/// <summary>Live progress: events from any instance (the backplane), state read fresh from the database.</summary>
public static class GenerationSubscriptions
{
    public static void AddGenerationSubscriptions(this ObjectGraphType subscription)
    {
        subscription.Field<NonNullGraphType<GenerationType>>("generationUpdated")
            .Description("Every state change of one generation, starting with its current state; completes after a final state.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveStreamAsync(async c =>
            {
                var viewer = await c.SignedInUserAsync();
                var id = GlobalId.DecodeArgument(c, "id", GenerationType.TypeName);
                var scopes = c.Service<IServiceScopeFactory>();
                if (await LoadAsync(scopes, id, viewer, c.CancellationToken) is null)
                {
                    throw new ExecutionError("No generation of yours has this id.") { Code = ErrorCodes.NotFound };
                }

                var (streams, feed) = (c.Service<SharedStreams>(), c.Service<IEventFeed>()); // the stream keeps these, not the resolve context
                return new AsyncEnumerableObservable<Generation>(ct => WatchOneAsync(streams, feed, scopes, id, viewer, ct));
            });

        subscription.Field<NonNullGraphType<GenerationType>>("myGenerationUpdated")
            .Description("Every state change of any generation of the signed-in user.")
            .ResolveStreamAsync(async c =>
            {
                var viewer = await c.SignedInUserAsync();
                var scopes = c.Service<IServiceScopeFactory>();
                var (streams, feed) = (c.Service<SharedStreams>(), c.Service<IEventFeed>());
                return new AsyncEnumerableObservable<Generation>(ct => WatchMineAsync(streams, feed, scopes, viewer, ct));
            });
    }

    /// <summary>One read of the generation per change for every subscriber on this instance watching it as the same viewer (<see cref="SharedState"/>).</summary>
    private static async IAsyncEnumerable<Generation> WatchOneAsync(SharedStreams streams, IEventFeed feed, IServiceScopeFactory scopes, Guid id, User viewer, [EnumeratorCancellation] CancellationToken ct)
    {
        // Every message (and a resync after a backplane outage) re-reads the generation, sent only if it changed.
        Generation? last = null;
        var updates = SharedState.WatchAsync<Generation?, GenerationChanged>(
            streams,
            $"generation:{id:N}:{viewer.Id:N}",
            () => EventStream.SubscribeAsync(feed, GenerationChanged.TopicName, GenerationChanged.ByGeneration, id), // handed only this generation's messages
            c => LoadAsync(scopes, id, viewer, c),
            ct);
        await foreach (var update in updates)
        {
            if (update.Value is not { } current)
            {
                yield break;
            }

            if (last is null || current.UpdatedAt != last.UpdatedAt)
            {
                last = current;
                yield return current;
            }

            if (current.Status.IsTerminal())
            {
                yield break;
            }
        }
    }

    /// <summary>The viewer's changed generations, each read once per change for all the viewer's subscribers on this instance.</summary>
    private static async IAsyncEnumerable<Generation> WatchMineAsync(SharedStreams streams, IEventFeed feed, IServiceScopeFactory scopes, User viewer, [EnumeratorCancellation] CancellationToken ct)
    {
        using var mine = await streams.ListenAsync<Generation>($"my-generations:{viewer.Id:N}", 16, (stream, stop) => ProduceMineAsync(stream, feed, scopes, viewer, stop), ct);
        await foreach (var generation in mine.ReadAllAsync(ct))
        {
            yield return generation;
        }
    }

    private static async Task ProduceMineAsync(SharedStream<Generation> stream, IEventFeed feed, IServiceScopeFactory scopes, User viewer, CancellationToken stop)
    {
        using var changes = await EventStream.SubscribeAsync(feed, GenerationChanged.TopicName, GenerationChanged.ByUser, viewer.Id);
        stream.Ready();
        var unfinished = new Dictionary<Guid, DateTimeOffset>(); // sent and not final: re-read after a backplane outage
        await foreach (var change in changes.ReadAllAsync(stop))
        {
            var ids = change is null ? [.. unfinished.Keys] : new[] { change.GenerationId };
            foreach (var changed in ids)
            {
                if (await OutageRetry.ReadAsync(c => LoadAsync(scopes, changed, viewer, c), stop) is not { } generation
                    || (change is null && unfinished.GetValueOrDefault(changed) == generation.UpdatedAt))
                {
                    continue;
                }

                if (generation.Status.IsTerminal())
                {
                    unfinished.Remove(changed);
                }
                else
                {
                    unfinished[changed] = generation.UpdatedAt;
                }

                stream.Publish(generation);
            }
        }
    }

    private static async Task<Generation?> LoadAsync(IServiceScopeFactory scopes, Guid id, User viewer, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Application.Generations.GenerationQueries>().GetAsync(id, viewer, ct);
    }
}
