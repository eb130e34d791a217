using System.Threading.Channels;
using Son1kVers3.Application.Abstractions;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// Backplane messages of one topic for one subscriber, received from the moment
/// <see cref="SubscribeAsync"/> returns. The buffer is small and drops the oldest message when
/// full: a slow subscriber only misses intermediate steps (it re-reads the latest state) and
/// never holds up the others.
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
        stream._subscription = await feed.SubscribeAsync(topic, message =>
        {
            if (wanted(message))
            {
                stream._buffer.Writer.TryWrite(message);
            }
        });
        return stream;
    }

    public IAsyncEnumerable<string> ReadAllAsync(CancellationToken ct) => _buffer.Reader.ReadAllAsync(ct);

    public void Dispose() => _subscription?.Dispose();
}
