using System.Threading.Channels;
using GraphQL;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// Backplane messages of one topic for one subscriber, received from the moment
/// <see cref="SubscribeAsync"/> returns. The buffer is small and drops the oldest message when
/// full: a slow subscriber only misses intermediate steps (it re-reads the latest state) and
/// never holds up the others. When the backplane is unavailable, subscribing throws a
/// <see cref="BackplaneUnavailableError"/> (the observer gets OnError with it). A stream already
/// open outlives a backplane outage: when Redis is back it yields <see cref="Resync"/> once, and
/// its reader re-reads the state it watches.
/// </summary>
public sealed class EventStream : IDisposable
{
    private readonly Channel<string> _buffer;

    /// <summary>Not a message: the backplane was away and is back, re-read the state (messages may have been missed).</summary>
    public const string Resync = "\u0000resync";

    private IDisposable? _subscription;

    private EventStream(int capacity) =>
        _buffer = Channel.CreateBounded<string>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public static async Task<EventStream> SubscribeAsync(IEventFeed feed, string topic, Func<string, bool> wanted, int capacity = 16)
    {
        var stream = new EventStream(capacity);
        try
        {
            stream._subscription = await feed.SubscribeAsync(
                topic,
                message =>
                {
                    if (wanted(message))
                    {
                        stream._buffer.Writer.TryWrite(message);
                    }
                },
                () => stream._buffer.Writer.TryWrite(Resync));
        }
        catch (EventFeedUnavailableException failure)
        {
            throw new BackplaneUnavailableError(failure);
        }

        return stream;
    }

    /// <summary>The messages, and <see cref="Resync"/> after a backplane outage.</summary>
    public IAsyncEnumerable<string> ReadAllAsync(CancellationToken ct) => _buffer.Reader.ReadAllAsync(ct);

    public void Dispose() => _subscription?.Dispose();
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
