using Son1kVers3.Application.Abstractions;

namespace Son1kVers3.GraphQL.Execution.Fanout;

/// <summary>An update of watched state: read once for every subscriber on this instance.</summary>
/// <param name="Resync">Read after a backplane outage, not for a message (send only if it changed).</param>
public sealed record StateUpdate<T>(T Value, long Stamp, bool Resync);

/// <summary>
/// Live state shared by the subscribers of one key on this instance: one backplane subscription
/// (<c>subscribe</c>, made by the stream's producer),
/// and on each relevant message (or a resync after an outage) one read, published to every
/// subscriber. A new subscriber's first value comes from a read that starts after it joined,
/// shared with whoever else asks at the same time; published values older than that are skipped.
/// </summary>
public static class SharedState
{
    public static async IAsyncEnumerable<StateUpdate<T>> WatchAsync<T, TEvent>(
        SharedStreams streams,
        string key,
        Func<Task<EventStream<TEvent>>> subscribe,
        Func<CancellationToken, Task<T>> read,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        where TEvent : class, IBackplaneEvent
    {
        using var listener = await streams.ListenAsync<StateUpdate<T>>(key, 16, (stream, stop) => ProduceAsync(stream, subscribe, read, stop), ct);
        var reader = (CoalescedRead<T>)listener.Snapshot!;
        var first = await reader.ReadAsync(ct); // no retry: an outage at subscribe ends the subscription with SERVICE_UNAVAILABLE
        yield return new StateUpdate<T>(first.Value, first.Stamp, false);
        await foreach (var update in listener.ReadAllAsync(ct))
        {
            if (update.Stamp > first.Stamp)
            {
                yield return update;
            }
        }
    }

    private static async Task ProduceAsync<T, TEvent>(
        SharedStream<StateUpdate<T>> stream, Func<Task<EventStream<TEvent>>> subscribe, Func<CancellationToken, Task<T>> read, CancellationToken stop)
        where TEvent : class, IBackplaneEvent
    {
        using var events = await subscribe();
        var reader = new CoalescedRead<T>(read, stop);
        stream.Ready(reader); // subscribed first: every read from now on sees what any later message announces
        await foreach (var message in events.ReadAllAsync(stop))
        {
            // A database outage makes the read wait and try again; the subscriptions go on.
            var current = await OutageRetry.ReadAsync(c => reader.ReadAsync(c), stop);
            stream.Publish(new StateUpdate<T>(current.Value, current.Stamp, message is null));
        }
    }
}
