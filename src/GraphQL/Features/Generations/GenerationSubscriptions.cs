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
                return WatchOne(streams, feed, scopes, id, viewer);
            });

        subscription.Field<NonNullGraphType<GenerationType>>("myGenerationUpdated")
            .Description("Every state change of any generation of the signed-in user.")
            .ResolveStreamAsync(async c =>
            {
                var viewer = await c.SignedInUserAsync();
                var scopes = c.Service<IServiceScopeFactory>();
                var (streams, feed) = (c.Service<SharedStreams>(), c.Service<IEventFeed>());
                return WatchMine(streams, feed, scopes, viewer);
            });
    }

    /// <summary>
    /// One read of the generation per change for every subscriber on this instance watching it as the same viewer (<see cref="SharedState"/>):
    /// every message (and a resync after a backplane outage) re-reads it, sent only if it changed; a final state ends the subscription.
    /// </summary>
    private static IObservable<object?> WatchOne(SharedStreams streams, IEventFeed feed, IServiceScopeFactory scopes, Guid id, User viewer) =>
        SharedState.Watch<Generation?, GenerationChanged>(
            streams,
            $"generation:{id:N}:{viewer.Id:N}",
            () => EventStream.SubscribeAsync(feed, GenerationChanged.TopicName, GenerationChanged.ByGeneration, id), // handed only this generation's messages
            c => LoadAsync(scopes, id, viewer, c),
            (update, last) => update.Value switch
            {
                null => StateStep.End,
                var current when last is null || current.UpdatedAt != last.UpdatedAt => current.Status.IsTerminal() ? StateStep.SendAndEnd : StateStep.Send,
                var current => current.Status.IsTerminal() ? StateStep.End : StateStep.Skip,
            });

    /// <summary>The viewer's changed generations, each read once per change for all the viewer's subscribers on this instance.</summary>
    private static IObservable<object?> WatchMine(SharedStreams streams, IEventFeed feed, IServiceScopeFactory scopes, User viewer) =>
        SharedState.Follow<Generation>(
            streams, $"my-generations:{viewer.Id:N}", (stream, stop) => ProduceMineAsync(stream, feed, scopes, viewer, stop), (_, _) => StateStep.Send);

    private static async Task ProduceMineAsync(SharedStream<StateUpdate<Generation>> stream, IEventFeed feed, IServiceScopeFactory scopes, User viewer, CancellationToken stop)
    {
        using var changes = await EventStream.SubscribeAsync(feed, GenerationChanged.TopicName, GenerationChanged.ByUser, viewer.Id);
        stream.Ready();
        var unfinished = new Dictionary<Guid, DateTimeOffset>(); // sent and not final: re-read after a backplane outage
        var published = 0L;
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

                stream.Publish(new StateUpdate<Generation>(generation, ++published, false));
            }
        }
    }

    private static async Task<Generation?> LoadAsync(IServiceScopeFactory scopes, Guid id, User viewer, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Application.Generations.GenerationQueries>().GetAsync(id, viewer, ct);
    }
}
