using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using GraphQLParser.AST;

namespace Son1kVers3.GraphQL.Execution.Fanout;

/// <summary>What a subscription result of one event depends on, besides the event.</summary>
public sealed record GroupKey(GraphQLDocument Document, GraphQLField Field, string? Operation, string Variables, string Audience);

/// <summary>One serialised result: the payload of a graphql-ws <c>next</c> message, as UTF-8.</summary>
/// <param name="Leader">The viewer whose execution made it.</param>
/// <param name="PrivateUsers">Users whose private fields the execution decided on.</param>
public sealed record SharedPayload(byte[] Utf8, Guid? Leader, IReadOnlyCollection<Guid> PrivateUsers)
{
    /// <summary>True when this result is what <paramref name="viewer"/> would get from an execution of its own.</summary>
    public bool FitsViewer(Guid? viewer) =>
        viewer == Leader || ((Leader is not { } leader || !PrivateUsers.Contains(leader)) && (viewer is not { } id || !PrivateUsers.Contains(id)));

    public bool DependsOnLeader => Leader is { } leader && PrivateUsers.Contains(leader);

    /// <summary>This payload as the result every subscriber it fits sends (one object for all of them).</summary>
    public SerializedExecutionResult Result => field ??= new SerializedExecutionResult(this);
}

/// <summary>
/// Results of subscription events, per event object and <see cref="GroupKey"/>: the first
/// subscriber of a group executes the selection and serialises it, the others wait for it and
/// take the same bytes. Entries live as long as the event object (a weak table): the shared
/// streams hand the same object to every subscriber, so nothing else needs evicting.
/// </summary>
public sealed class SharedResultCache
{
    private const int Attempts = 3;
    private readonly ConditionalWeakTable<object, ConcurrentDictionary<GroupKey, Lazy<Task<SharedPayload?>>>> _byEvent = new();
    private long _executions;

    /// <summary>Executions of subscription events so far (for tests and diagnostics).</summary>
    public long Executions => Interlocked.Read(ref _executions);

    /// <summary>
    /// The payload for a subscriber: shared when one fits it, else executed (a null from
    /// <paramref name="execute"/> means it was cancelled and is not shared).
    /// </summary>
    public async Task<SharedPayload?> GetAsync(object source, GroupKey key, Guid? viewer, Func<Task<SharedPayload?>> execute)
    {
        var groups = _byEvent.GetValue(source, _ => new ConcurrentDictionary<GroupKey, Lazy<Task<SharedPayload?>>>());
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var entry = groups.GetOrAdd(key, _ => new Lazy<Task<SharedPayload?>>(() => Counted(execute)));
            var payload = await entry.Value;
            if (payload is not null && payload.FitsViewer(viewer))
            {
                return payload;
            }

            if (payload is null || payload.DependsOnLeader)
            {
                groups.TryRemove(new KeyValuePair<GroupKey, Lazy<Task<SharedPayload?>>>(key, entry)); // another subscriber leads next
            }

            if (payload is not null && viewer is { } self && payload.PrivateUsers.Contains(self))
            {
                // This viewer's own private data is in the result: shared only with its other subscriptions.
                key = key with { Audience = $"{key.Audience}|self:{self:N}" };
            }
        }

        return await Counted(execute);
    }

    /// <summary>
    /// The payload of the group for this event when it is ready and fits the viewer, else null (then
    /// <see cref="GetAsync"/> decides): the path of every subscriber but the first, with no wait.
    /// </summary>
    public SharedPayload? Find(object source, GroupKey key, Guid? viewer) =>
        _byEvent.TryGetValue(source, out var groups)
        && groups.TryGetValue(key, out var entry)
        && entry.IsValueCreated
        && entry.Value is { IsCompletedSuccessfully: true, Result: { } payload }
        && payload.FitsViewer(viewer)
            ? payload
            : null;

    private Task<SharedPayload?> Counted(Func<Task<SharedPayload?>> execute)
    {
        Interlocked.Increment(ref _executions);
        return execute();
    }
}
