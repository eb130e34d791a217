using System.Net.WebSockets;

namespace Son1kVers3.GraphQL.Transport;

/// <summary>
/// Reads one socket's frames into whole text messages of at most <c>maxMessageBytes</c>, and, after
/// our close frame, discards what the peer still sends until its own close frame.
/// </summary>
public sealed class WebSocketInbox(WebSocket socket, int maxMessageBytes)
{
    private readonly byte[] _buffer = new byte[8 * 1024];
    private readonly MemoryStream _message = new();

    /// <summary>The next whole message (its bytes are valid until the next call), the peer's close, or why a message is refused.</summary>
    public async Task<Inbound> ReceiveAsync(CancellationToken ct)
    {
        _message.SetLength(0);
        while (true)
        {
            var received = await socket.ReceiveAsync(_buffer, ct);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return Inbound.PeerClose;
            }

            if (received.MessageType == WebSocketMessageType.Binary)
            {
                return Inbound.Refused("Binary messages are not supported");
            }

            if (_message.Length + received.Count > maxMessageBytes)
            {
                return Inbound.Refused($"Message larger than {maxMessageBytes} bytes");
            }

            _message.Write(_buffer, 0, received.Count);
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
            var received = await socket.ReceiveAsync(_buffer, ct);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            allowance -= received.Count;
        }
    }
}

/// <summary>One read from a socket: a whole text message, the peer's close, or a refused message with the reason.</summary>
public sealed record Inbound(ReadOnlyMemory<byte> Utf8, bool IsPeerClose, string? Problem)
{
    public static readonly Inbound PeerClose = new(default, true, null);

    public static Inbound Refused(string problem) => new(default, false, problem);
}
