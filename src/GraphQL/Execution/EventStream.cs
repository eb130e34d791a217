using System.Threading.Channels;
using GraphQL;
using Son1kVers3.Application.Abstractions;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// Backplane messages of one topic for one subscriber, received from the moment
/// <see cref="SubscribeAsync"/> returns. The buffer is small and drops the oldest message when
/// full: a slow subscriber only misses intermediate steps (it re-reads the latest state) and
/// never holds up the others. When the backplane is unavailable, subscribing throws, and a
/// stream already open ends by throwing, a <see cref="BackplaneUnavailableError"/> (never a
/// silent end): the subscription's observer gets OnError with it.
/// </summary>
public sealed class EventStream : IDisposable
{
    private readonly Channel<string> _buffer = Channel.CreateBounded<string>(
        new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private IDisposable? _subscription;

    private EventStream()
    {
    }

    public static async Task<EventStream> SubscribeAsync(IEventFeed feed, string topic, Func<string, bool> wanted)
    {
        var stream = new EventStream();
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
                failure => stream._buffer.Writer.TryComplete(new BackplaneUnavailableError(failure)));
        }
        catch (EventFeedUnavailableException failure)
        {
            throw new BackplaneUnavailableError(failure);
        }

        return stream;
    }

    /// <summary>The messages; throws <see cref="BackplaneUnavailableError"/> if the backplane is lost.</summary>
    public IAsyncEnumerable<string> ReadAllAsync(CancellationToken ct) => _buffer.Reader.ReadAllAsync(ct);

    public void Dispose() => _subscription?.Dispose();
}

/// <summary>
/// A subscription cannot go on because the event backplane is away: the client sees
/// <c>SERVICE_UNAVAILABLE</c> with the message, and may subscribe again.
/// </summary>
public sealed class BackplaneUnavailableError : ExecutionError
{
    public const string ErrorCode = "SERVICE_UNAVAILABLE";

    public BackplaneUnavailableError(EventFeedUnavailableException failure)
        : base(failure.Message)
    {
        Code = ErrorCode;
    }
}
