using System.Buffers;
using System.Net.WebSockets;
using System.Text;

namespace Son1kVers3.GraphQL.Transport;

/// <summary>
/// What one socket has to send, written by a single writer at a time (sends never overlap, queued
/// messages go out before the close frame). There is no writer task per socket: the caller that
/// finds the socket idle sends its message itself, in its own thread (a send to a socket with room
/// completes at once, so a fan-out writes to thousands of sockets without waking a task for each),
/// and only a send that has to wait for the peer goes on asynchronously, taking what was queued
/// meanwhile. An idle socket holds no queue and no task.
/// The queue is bounded by the bytes it holds: a peer that reads too slowly to keep it under
/// <c>maxQueuedBytes</c> has what is queued dropped and is closed with 1008 (one message larger
/// than the bound still goes out when nothing else waits).
/// Once a close is queued the peer has <see cref="WebSocketSettings.CloseHandshakeTimeout"/> to take
/// it; then the socket is aborted (<see cref="Aborted"/> fires), so a peer that never reads holds
/// nothing for long.
/// </summary>
public sealed class WebSocketOutbox(WebSocket socket, int maxQueuedBytes, ILogger logger) : IDisposable
{
    public const int SlowReaderCloseCode = 1008; // policy violation

    private readonly object _gate = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Queue<Outbound>? _waiting; // what came while a send was under way (null until that happens)
    private long _queuedBytes; // the bytes in _waiting
    private bool _sending; // a writer is under way (it takes what waits before it stops)
    private bool _ended; // nothing more is queued: closed, finished, or the writer failed
    private int _closing;
    private volatile bool _dropQueued;

    /// <summary>Fires when the socket is aborted: the close handshake took too long, or the writer failed.</summary>
    public CancellationToken Aborted => _abort.Token;

    public bool IsClosing => Volatile.Read(ref _closing) != 0;

    /// <summary>Completes once nothing more will be sent: what was queued before <see cref="Finish"/> or a close went out, or the socket failed.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Queues a text message; false when the socket is closing (then it is dropped).</summary>
    public bool Send(string text) => !IsClosing && Queue(new Outbound(Encoding.UTF8.GetBytes(text)));

    /// <summary>
    /// Queues one text message made of <paramref name="head"/>, <paramref name="shared"/> and
    /// <paramref name="tail"/>: the shared part (the same bytes for many sockets) is not copied
    /// per socket; the three are joined in a pooled buffer only while the message is sent.
    /// </summary>
    public bool Send(byte[] head, byte[] shared, byte[] tail) =>
        !IsClosing && Queue(new Outbound(head) { Shared = shared, Tail = tail });

    private bool Queue(Outbound message)
    {
        var tooSlow = false;
        lock (_gate)
        {
            if (_ended)
            {
                return false;
            }

            if (!_sending)
            {
                _sending = true; // this caller is the writer
            }
            else if (_queuedBytes > 0 && _queuedBytes + message.Length > maxQueuedBytes)
            {
                _dropQueued = true;
                tooSlow = true;
            }
            else
            {
                (_waiting ??= new Queue<Outbound>()).Enqueue(message);
                _queuedBytes += message.Length;
                return true;
            }
        }

        if (tooSlow)
        {
            Close(SlowReaderCloseCode, $"More than {maxQueuedBytes} bytes waiting to be sent: the client reads too slowly");
            return false;
        }

        _ = WriteAsync(message);
        return true;
    }

    /// <summary>Queues a close frame after what is queued (the first close wins) and starts the handshake clock.</summary>
    public void Close(int code, string reason)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        var close = new Outbound(null) { Close = (WebSocketCloseStatus)code, Reason = reason };
        bool write;
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            write = !_sending;
            if (write)
            {
                _sending = true;
            }
            else
            {
                (_waiting ??= new Queue<Outbound>()).Enqueue(close);
            }
        }

        AbortAfter(WebSocketSettings.CloseHandshakeTimeout);
        if (write)
        {
            _ = WriteAsync(close);
        }
    }

    /// <summary>No more messages: <see cref="Completion"/> completes once the queue is sent, or at the latest after the handshake timeout.</summary>
    public void Finish()
    {
        Volatile.Write(ref _closing, 1);
        bool idle;
        lock (_gate)
        {
            _ended = true;
            idle = !_sending;
        }

        if (idle)
        {
            _completion.TrySetResult();
        }

        AbortAfter(WebSocketSettings.CloseHandshakeTimeout);
    }

    /// <summary>Sends <paramref name="first"/> and then whatever was queued meanwhile, until the queue is empty or a close frame went out.</summary>
    private async Task WriteAsync(Outbound first)
    {
        var message = first;
        try
        {
            while (true)
            {
                if (message.Close is { } status)
                {
                    if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    {
                        await socket.CloseOutputAsync(status, message.Reason, _abort.Token);
                    }

                    break;
                }

                if (!_dropQueued && socket.State == WebSocketState.Open)
                {
                    await SendAsync(message);
                }

                lock (_gate)
                {
                    if (_waiting is not { Count: > 0 } waiting)
                    {
                        _sending = false;
                        if (!_ended)
                        {
                            return; // idle again: the next caller writes
                        }

                        break;
                    }

                    message = waiting.Dequeue();
                    _queuedBytes -= message.Length;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            logger.LogDebug(ex, "Could not write to the WebSocket");
            Abort();
        }

        lock (_gate)
        {
            _ended = true; // after a close frame or a failure nothing more goes out
            _waiting = null;
            _queuedBytes = 0;
        }

        _completion.TrySetResult();
    }

    private async ValueTask SendAsync(Outbound message)
    {
        if (message.Shared is null)
        {
            await socket.SendAsync(message.Bytes.AsMemory(), WebSocketMessageType.Text, true, _abort.Token);
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
    private readonly record struct Outbound(byte[]? Bytes)
    {
        public byte[]? Shared { get; init; }

        public byte[]? Tail { get; init; }

        public WebSocketCloseStatus? Close { get; init; }

        public string? Reason { get; init; }

        public int Length => (Bytes?.Length ?? 0) + (Shared?.Length ?? 0) + (Tail?.Length ?? 0);
    }
}
