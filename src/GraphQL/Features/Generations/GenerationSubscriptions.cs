using System.Runtime.CompilerServices;
using System.Text.Json;
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

                return new AsyncEnumerableObservable<Generation>(ct => WatchOneAsync(c.Service<SharedStreams>(), c.Service<IEventFeed>(), scopes, id, viewer, ct));
            });

        subscription.Field<NonNullGraphType<GenerationType>>("myGenerationUpdated")
            .Description("Every state change of any generation of the signed-in user.")
            .ResolveStreamAsync(async c =>
            {
                var viewer = await c.SignedInUserAsync();
                var scopes = c.Service<IServiceScopeFactory>();
                return new AsyncEnumerableObservable<Generation>(ct => WatchMineAsync(c.Service<IEventFeed>(), scopes, viewer, ct));
            });
    }

    /// <summary>One read of the generation per change for every subscriber on this instance watching it as the same viewer (<see cref="SharedState"/>).</summary>
    private static async IAsyncEnumerable<Generation> WatchOneAsync(SharedStreams streams, IEventFeed feed, IServiceScopeFactory scopes, Guid id, User viewer, [EnumeratorCancellation] CancellationToken ct)
    {
        // Every message (and a resync after a backplane outage) re-reads the generation, sent only if it changed.
        Generation? last = null;
        var updates = SharedState.WatchAsync(streams, feed, $"generation:{id:N}:{viewer.Id:N}", EventTopics.Generations, m => Parse(m)?.GenerationId == id, c => LoadAsync(scopes, id, viewer, c), ct);
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

    private static async IAsyncEnumerable<Generation> WatchMineAsync(IEventFeed feed, IServiceScopeFactory scopes, User viewer, [EnumeratorCancellation] CancellationToken ct)
    {
        using var changes = await EventStream.SubscribeAsync(feed, EventTopics.Generations, m => Parse(m)?.UserId == viewer.Id);
        var unfinished = new Dictionary<Guid, DateTimeOffset>(); // sent and not final: re-read after a backplane outage
        await foreach (var message in changes.ReadAllAsync(ct))
        {
            var ids = message == EventStream.Resync ? [.. unfinished.Keys] : Parse(message) is { } change ? new[] { change.GenerationId } : [];
            foreach (var changed in ids)
            {
                if (await OutageRetry.ReadAsync(c => LoadAsync(scopes, changed, viewer, c), ct) is not { } generation
                    || (message == EventStream.Resync && unfinished.GetValueOrDefault(changed) == generation.UpdatedAt))
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

                yield return generation;
            }
        }
    }

    private static async Task<Generation?> LoadAsync(IServiceScopeFactory scopes, Guid id, User viewer, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Application.Generations.GenerationQueries>().GetAsync(id, viewer, ct);
    }

    private static GenerationChanged? Parse(string message)
    {
        try
        {
            return JsonSerializer.Deserialize<GenerationChanged>(message);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
