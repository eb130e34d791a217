using System.Net.WebSockets;
using Microsoft.Extensions.Logging.Abstractions;
using Son1kVers3.GraphQL.Transport;

namespace Son1kVers3.Integration.Tests.WebSockets;

/// <summary>
/// The outbox of one socket, driven directly over the runtime's own WebSocket: a fan-out writes one
/// message to each of thousands of sockets, so what a single send costs is multiplied by all of them.
/// </summary>
public class WebSocketOutboxTests
{
    private const int Sends = 2_000;

    private static readonly byte[] Head = """{"type":"next","id":"p","payload":"""u8.ToArray();
    private static readonly byte[] Shared = """{"data":{"tokenPoolUpdated":{"uniqueClients":1}}}"""u8.ToArray();
    private static readonly byte[] Tail = "}"u8.ToArray();

    [Fact]
    public async Task ASharedMessageSentToASocketWithRoom_GoesOutAtOnce_WithoutACancellationTokenPerFrame()
    {
        // With a token that can fire, the runtime's WebSocket takes its slow path for every frame
        // (an async state machine and a token registration per send), even when the socket has room.
        var peer = new PeerStream();
        using var socket = WebSocket.CreateFromStream(peer, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        using var outbox = new WebSocketOutbox(socket, 1 << 20, NullLogger.Instance);

        for (var i = 0; i < Sends; i++)
        {
            Assert.True(outbox.Send(Head, Shared, Tail));
        }

        Assert.Equal(Sends * (Head.Length + Shared.Length + Tail.Length + 2), peer.Written); // every frame went out at once (2-byte header each)
        Assert.Equal(Sends, peer.Writes);
        Assert.Equal(0, peer.WritesWithACancellableToken);
        outbox.Finish();
        await outbox.Completion.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ASendWaitingForAPeerThatNeverReads_EndsWhenTheOutboxAborts()
    {
        var peer = new PeerStream { Stalled = true };
        using var socket = WebSocket.CreateFromStream(peer, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        using var outbox = new WebSocketOutbox(socket, 1 << 20, NullLogger.Instance);
        Assert.True(outbox.Send(Head, Shared, Tail));
        Assert.True(outbox.Send(Head, Shared, Tail)); // queued behind the send that waits
        await Task.Delay(200);
        Assert.False(outbox.Completion.IsCompleted);

        outbox.Abort();

        await outbox.Completion.WaitAsync(TimeSpan.FromSeconds(5)); // the waiting send failed and the writer stopped
        Assert.Equal(WebSocketState.Aborted, socket.State);
        Assert.Equal(1, peer.Writes);
    }

    /// <summary>A peer with room for everything (each write completes at once), or one that never reads (each write waits until cancelled).</summary>
    private sealed class PeerStream : Stream
    {
        private readonly CancellationTokenSource _closed = new();

        public bool Stalled { get; init; }

        public long Written { get; private set; }

        public int Writes { get; private set; }

        public int WritesWithACancellableToken { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Written += count;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes++;
            WritesWithACancellableToken += cancellationToken.CanBeCanceled ? 1 : 0;
            if (Stalled)
            {
                return new ValueTask(Task.Delay(Timeout.Infinite, _closed.Token));
            }

            Written += buffer.Length;
            return ValueTask.CompletedTask;
        }

        protected override void Dispose(bool disposing)
        {
            _closed.Cancel(); // an aborted WebSocket disposes its stream: a write still waiting fails
            _closed.Dispose();
            base.Dispose(disposing);
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override void Flush()
        {
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            new(Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => 0, TaskScheduler.Default)); // never called: nothing is received here

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
