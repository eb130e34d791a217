using System.Buffers;
using System.Net.WebSockets;

namespace Son1kVers3.GraphQL.Transport;

/// <summary>
/// Reads one socket's frames into whole text messages of at most <c>maxMessageBytes</c>, and, after
/// our close frame, discards what the peer still sends until its own close frame. An idle socket
/// holds no buffer: each read first waits for data with a zero-byte receive, and only then rents
/// a buffer from the pool for as long as it reads (10,000 idle subscribers held 8 KiB each before).
/// The buffer a message is gathered in is made at the first message and kept only while it is
/// small: after a message larger than a chunk it goes, rather than keep that message's size for
/// the socket's whole life.
/// </summary>
public sealed class WebSocketInbox(WebSocket socket, int maxMessageBytes)
{
    private const int ChunkBytes = 4 * 1024;
    private MemoryStream? _message;

    /// <summary>The next whole message (its bytes are valid until the next call), the peer's close, or why a message is refused.</summary>
    public async Task<Inbound> ReceiveAsync(CancellationToken ct)
    {
        if (_message is not { Capacity: <= ChunkBytes })
        {
            _message = new MemoryStream(); // the first message, or the one before was large
        }

        _message.SetLength(0);
        while (true)
        {
            var (received, _) = await ReadChunkAsync(_message, ct);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return Inbound.PeerClose;
            }

            if (received.MessageType == WebSocketMessageType.Binary)
            {
                return Inbound.Refused("Binary messages are not supported");
            }

            if (_message.Length > maxMessageBytes)
            {
                return Inbound.Refused($"Message larger than {maxMessageBytes} bytes");
            }

            if (received.EndOfMessage)
            {
                return new Inbound(_message.GetBuffer().AsMemory(0, (int)_message.Length), false, null);
            }
        }
    }

    /// <summary>
    /// Discards what the peer sent before it saw our close frame, until its close frame. A peer still
    /// sending more than a few messages' worth (a flood) is not waited for.
    /// </summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        var allowance = 4L * maxMessageBytes;
        while (socket.State is WebSocketState.Open or WebSocketState.CloseSent && allowance > 0)
        {
            var (received, count) = await ReadChunkAsync(null, ct);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            allowance -= count;
        }
    }

    /// <summary>
    /// Waits for data without a buffer, then reads what a frame holds (at most a chunk) into a pooled
    /// buffer and appends it to <paramref name="into"/> (or discards it); returns the result and its size.
    /// </summary>
    private async Task<(ValueWebSocketReceiveResult Result, int Count)> ReadChunkAsync(MemoryStream? into, CancellationToken ct)
    {
        var received = await socket.ReceiveAsync(Memory<byte>.Empty, ct);
        if (received.EndOfMessage || received.MessageType == WebSocketMessageType.Close)
        {
            return (received, 0); // an empty frame, or the peer's close: nothing to read
        }

        var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            received = await socket.ReceiveAsync(chunk.AsMemory(), ct);
            into?.Write(chunk, 0, received.Count);
            return (received, received.Count);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}

/// <summary>One read from a socket: a whole text message, the peer's close, or a refused message with the reason.</summary>
public sealed record Inbound(ReadOnlyMemory<byte> Utf8, bool IsPeerClose, string? Problem)
{
    public static readonly Inbound PeerClose = new(default, true, null);

    public static Inbound Refused(string problem) => new(default, false, problem);
}
