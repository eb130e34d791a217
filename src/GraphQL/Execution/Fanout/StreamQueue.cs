using System.Threading.Channels;

namespace Son1kVers3.GraphQL.Execution.Fanout;

/// <summary>
/// A member of a <see cref="SharedStream{T}"/> for a reader that awaits its items (a subscriber
/// that reads the database between items, like a chat room's): its own bounded queue, where the
/// oldest item goes when it is full. The producer's failure ends the reading with it.
/// </summary>
public sealed class StreamQueue<T> : SharedStream<T>.Member, IDisposable
{
    private readonly Channel<T> _queue;

    public StreamQueue(int capacity) =>
        _queue = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
            AllowSynchronousContinuations = true, // a waiting reader goes on in the publisher's thread (see SharedStream.Publish)
        });

    public IAsyncEnumerable<T> ReadAllAsync(CancellationToken ct) => _queue.Reader.ReadAllAsync(ct);

    public void Dispose() => Leave();

    protected override void OnItem(T item) => _queue.Writer.TryWrite(item);

    protected override void OnEnd(Exception? failure) => _queue.Writer.TryComplete(failure);
}
