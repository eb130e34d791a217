using Son1kVers3.Application.Abstractions;

namespace Son1kVers3.GraphQL.Execution.Fanout;

/// <summary>An update of watched state: read once for every subscriber on this instance.</summary>
/// <param name="Stamp">Its order: a subscriber takes only updates later than the last it took.</param>
/// <param name="Resync">Read after a backplane outage, not for a message (send only if it changed).</param>
public sealed record StateUpdate<T>(T Value, long Stamp, bool Resync);

/// <summary>What one subscriber does with an update later than the last it took (see <see cref="SharedState"/>).</summary>
public enum StateStep
{
    Skip,
    Send,
    SendAndEnd,
    End,
}

/// <summary>
/// Live state shared by the subscribers of one key on this instance: one backplane subscription
/// (<c>subscribe</c>, made by the stream's producer), and on each relevant message (or a resync
/// after an outage) one read, pushed to every subscriber in the producer's thread
/// (<see cref="StateSubscription{T}"/>). A new subscriber's first value comes from a read that
/// starts after it joined, shared with whoever else asks at the same time; updates older than
/// that are skipped. Each subscriber's <c>step</c> decides, from the update and the last value
/// it sent, whether to send it and whether its subscription ends.
/// </summary>
public static class SharedState
{
    /// <summary>The event stream of a subscription field that watches the state of <paramref name="key"/>.</summary>
    public static IObservable<object?> Watch<T, TEvent>(
        SharedStreams streams,
        string key,
        Func<Task<EventStream<TEvent>>> subscribe,
        Func<CancellationToken, Task<T>> read,
        Func<StateUpdate<T>, T?, StateStep> step)
        where TEvent : class, IBackplaneEvent =>
        Follow<T>(streams, key, (stream, stop) => ProduceAsync(stream, subscribe, read, stop), step);

    /// <summary>
    /// The event stream of a subscription field fed by the producer of <paramref name="key"/>; when the producer is ready with
    /// a <see cref="CoalescedRead{T}"/> as its snapshot, each subscriber's first value is a read of it, else it starts with the next update.
    /// </summary>
    public static IObservable<object?> Follow<T>(
        SharedStreams streams, string key, Func<SharedStream<StateUpdate<T>>, CancellationToken, Task> produce, Func<StateUpdate<T>, T?, StateStep> step) =>
        new Followed<T>(streams, key, produce, step);

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

    private sealed class Followed<T>(
        SharedStreams streams, string key, Func<SharedStream<StateUpdate<T>>, CancellationToken, Task> produce, Func<StateUpdate<T>, T?, StateStep> step)
        : IObservable<object?>
    {
        public IDisposable Subscribe(IObserver<object?> observer) => new StateSubscription<T>(observer, step).Start(streams, key, produce);
    }
}
