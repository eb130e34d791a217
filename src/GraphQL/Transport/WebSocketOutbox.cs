using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;

namespace Son1kVers3.GraphQL.Transport;

/// <summary>
/// What one socket has to send, written by a single writer (sends never overlap, queued messages go
/// out before the close frame). The queue is bounded by the bytes it holds: a peer that reads too
/// slowly to keep it under <c>maxQueuedBytes</c> has what is queued dropped and is closed with 1008
/// (one message larger than the bound still goes out when nothing else waits).
/// Once a close is queued the peer has <see cref="WebSocketSettings.CloseHandshakeTimeout"/> to take
/// it; then the socket is aborted (<see cref="Aborted"/> fires), so a peer that never reads holds
/// nothing for long.
/// </summary>
public sealed class WebSocketOutbox(WebSocket socket, int maxQueuedBytes, ILogger logger) : IDisposable
{
    public const int SlowReaderCloseCode = 1008; // policy violation

    private readonly Channel<Outbound> _queue = Channel.CreateUnbounded<Outbound>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _abort = new();
    private long _queuedBytes;
    private int _closing;
    private volatile bool _dropQueued;

    /// <summary>Fires when the socket is aborted: the close handshake took too long, or the writer failed.</summary>
    public CancellationToken Aborted => _abort.Token;

    public bool IsClosing => Volatile.Read(ref _closing) != 0;

    /// <summary>Queues a text message; false when the socket is closing (then it is dropped).</summary>
    public bool Send(string text)
    {
        if (IsClosing)
        {
            return false;
        }

        return Queue(new Outbound(Encoding.UTF8.GetBytes(text), null, null));
    }

    /// <summary>
    /// Queues one text message made of <paramref name="head"/>, <paramref name="shared"/> and
    /// <paramref name="tail"/>: the shared part (the same bytes for many sockets) is not copied
    /// per socket; the three are joined in a pooled buffer only while the message is sent.
    /// </summary>
    public bool Send(byte[] head, byte[] shared, byte[] tail) =>
        !IsClosing && Queue(new Outbound(head, null, null) { Shared = shared, Tail = tail });

    private bool Queue(Outbound message)
    {
        var length = message.Length;
        var queued = Interlocked.Add(ref _queuedBytes, length);
        if (queued > maxQueuedBytes && queued != length)
        {
            Interlocked.Add(ref _queuedBytes, -length);
            _dropQueued = true;
            Close(SlowReaderCloseCode, $"More than {maxQueuedBytes} bytes waiting to be sent: the client reads too slowly");
            return false;
        }

        return _queue.Writer.TryWrite(message);
    }

    /// <summary>Queues a close frame after what is queued (the first close wins) and starts the handshake clock.</summary>
    public void Close(int code, string reason)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryWrite(new Outbound(null, (WebSocketCloseStatus)code, reason));
        _queue.Writer.TryComplete();
        AbortAfter(WebSocketSettings.CloseHandshakeTimeout);
    }

    /// <summary>No more messages: the writer ends once the queue is sent, or at the latest after the handshake timeout.</summary>
    public void Finish()
    {
        Volatile.Write(ref _closing, 1);
        _queue.Writer.TryComplete();
        AbortAfter(WebSocketSettings.CloseHandshakeTimeout);
    }

    public async Task WriteLoopAsync()
    {
        try
        {
            await foreach (var message in _queue.Reader.ReadAllAsync())
            {
                if (message.Close is { } status)
                {
                    if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    {
                        await socket.CloseOutputAsync(status, message.Reason, _abort.Token);
                    }

                    return;
                }

                Interlocked.Add(ref _queuedBytes, -message.Length);
                if (!_dropQueued && socket.State == WebSocketState.Open)
                {
                    await SendAsync(message);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            logger.LogDebug(ex, "Could not write to the WebSocket");
            Abort();
        }
    }

    private async Task SendAsync(Outbound message)
    {
        if (message.Shared is null)
        {
            await socket.SendAsync(message.Bytes!, WebSocketMessageType.Text, true, _abort.Token);
            return;
        }

        var length = message.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            message.Bytes!.CopyTo(buffer, 0);
            message.Shared.CopyTo(buffer, message.Bytes.Length);
            message.Tail!.CopyTo(buffer, message.Bytes.Length + message.Shared.Length);
            await socket.SendAsync(buffer.AsMemory(0, length), WebSocketMessageType.Text, true, _abort.Token);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Ends the socket now, without a handshake.</summary>
    public void Abort() => AbortAfter(TimeSpan.Zero);

    public void Dispose() => _abort.Dispose();

    private void AbortAfter(TimeSpan delay)
    {
        try
        {
            _abort.CancelAfter(delay);
        }
        catch (ObjectDisposedException)
        {
            // the connection has ended already
        }
    }

    /// <summary>A message (its bytes, or head + shared + tail) or a close frame.</summary>
    private sealed record Outbound(byte[]? Bytes, WebSocketCloseStatus? Close, string? Reason)
    {
        public byte[]? Shared { get; init; }

        public byte[]? Tail { get; init; }

        public int Length => (Bytes?.Length ?? 0) + (Shared?.Length ?? 0) + (Tail?.Length ?? 0);
    }
}
