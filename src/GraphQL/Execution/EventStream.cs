using System.Threading.Channels;
using GraphQL;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// Backplane events of one topic for one reader, received from the moment
/// <see cref="EventStream.SubscribeAsync"/> returns. The buffer is small and drops the oldest
/// event when full: a slow reader only misses intermediate steps (it re-reads the latest state)
/// and never holds up the others. When the backplane is unavailable, subscribing throws a
/// <see cref="BackplaneUnavailableError"/> (the observer gets OnError with it). A stream already
/// open outlives a backplane outage: when Redis is back it yields null (a resync) once, and its
/// reader re-reads the state it watches.
/// </summary>
public sealed class EventStream<TEvent> : IDisposable
    where TEvent : class, IBackplaneEvent
{
    private readonly Channel<TEvent?> _buffer;
    private IDisposable? _subscription;

    internal EventStream(int capacity) =>
        _buffer = Channel.CreateBounded<TEvent?>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
            AllowSynchronousContinuations = true, // a waiting reader goes on in the backplane's thread: no thread-pool hop per event
        });

    internal Task SubscribeAsync(IEventFeed feed, string topic, Func<TEvent, bool> wanted) =>
        SubscribeAsync(() => feed.SubscribeAsync<TEvent>(
            topic,
            message =>
            {
                if (wanted(message))
                {
                    _buffer.Writer.TryWrite(message);
                }
            },
            Resynchronize));

    internal Task SubscribeAsync(IEventFeed feed, string topic, EventKey<TEvent> key, Guid id) =>
        SubscribeAsync(() => feed.SubscribeAsync(topic, key, id, message => _buffer.Writer.TryWrite(message), Resynchronize));

    private void Resynchronize() => _buffer.Writer.TryWrite(null);

    private async Task SubscribeAsync(Func<Task<IDisposable>> subscribe)
    {
        try
        {
            _subscription = await subscribe();
        }
        catch (EventFeedUnavailableException failure)
        {
            throw new BackplaneUnavailableError(failure);
        }
    }

    /// <summary>The events, and null (a resync) after a backplane outage.</summary>
    public IAsyncEnumerable<TEvent?> ReadAllAsync(CancellationToken ct) => _buffer.Reader.ReadAllAsync(ct);

    public void Dispose() => _subscription?.Dispose();
}

public static class EventStream
{
    public static async Task<EventStream<TEvent>> SubscribeAsync<TEvent>(IEventFeed feed, string topic, Func<TEvent, bool> wanted, int capacity = 16)
        where TEvent : class, IBackplaneEvent
    {
        var stream = new EventStream<TEvent>(capacity);
        await stream.SubscribeAsync(feed, topic, wanted);
        return stream;
    }

    /// <summary>The events of one <paramref name="id"/> of the topic's <paramref name="key"/> (the feed hands this stream no other).</summary>
    public static async Task<EventStream<TEvent>> SubscribeAsync<TEvent>(IEventFeed feed, string topic, EventKey<TEvent> key, Guid id, int capacity = 16)
        where TEvent : class, IBackplaneEvent
    {
        var stream = new EventStream<TEvent>(capacity);
        await stream.SubscribeAsync(feed, topic, key, id);
        return stream;
    }
}

/// <summary>
/// A subscription cannot go on because the event backplane is away: the client sees
/// <c>SERVICE_UNAVAILABLE</c> with the message, and may subscribe again.
/// </summary>
public sealed class BackplaneUnavailableError : ExecutionError
{
    public const string ErrorCode = ErrorCodes.ServiceUnavailable;

    public BackplaneUnavailableError(EventFeedUnavailableException failure)
        : base(failure.Message)
    {
        Code = ErrorCode;
    }
}
