namespace Son1kVers3.Application.Abstractions;

/// <summary>
/// Messages shared by every server instance: a message published on any instance reaches the
/// handlers of its topic on all of them. Handlers must return quickly (hand off, never block).
/// </summary>
public interface IEventFeed
{
    /// <summary>
    /// Queues the message for the backplane and returns at once: publishing never waits for
    /// Redis. While Redis is away messages wait in a bounded queue (the oldest are dropped, and
    /// counted, when it is full).
    /// </summary>
    Task PublishAsync(IBackplaneEvent message, CancellationToken cancellationToken);

    /// <summary>
    /// Completes once messages of the topic are being received; dispose the result to stop.
    /// Throws <see cref="EventFeedUnavailableException"/> at once when the backplane is down.
    /// A subscription outlives a later loss of the backplane: when it is back,
    /// <paramref name="resynchronize"/> is called once (messages may have been missed meanwhile,
    /// so the subscriber re-reads the state it watches). Each message is read once for all the
    /// handlers of its topic on this instance (they share the event object); one that cannot be
    /// read as <typeparamref name="TEvent"/> is logged and dropped.
    /// </summary>
    Task<IDisposable> SubscribeAsync<TEvent>(string topic, Action<TEvent> handler, Action resynchronize)
        where TEvent : class, IBackplaneEvent;

    /// <summary>
    /// As <see cref="SubscribeAsync{TEvent}(string, Action{TEvent}, Action)"/>, but the handler is
    /// given only the messages whose <paramref name="key"/> is <paramref name="id"/> (the feed looks
    /// the subscribers up by key: a message costs nothing to the subscribers of other ids).
    /// <paramref name="resynchronize"/> is called after an outage as for every subscriber.
    /// </summary>
    Task<IDisposable> SubscribeAsync<TEvent>(string topic, EventKey<TEvent> key, Guid id, Action<TEvent> handler, Action resynchronize)
        where TEvent : class, IBackplaneEvent;
}

/// <summary>The backplane (Redis) is unavailable: live events cannot be received now.</summary>
public sealed class EventFeedUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
