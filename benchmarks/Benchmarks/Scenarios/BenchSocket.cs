using System.Net.WebSockets;
using System.Text.Json;

namespace Son1kVers3.Benchmarks.Scenarios;

/// <summary>
/// A graphql-transport-ws client socket for the benchmarks: connects, initialises (with a token),
/// subscribes, and hands every message to a callback with the time it arrived.
/// </summary>
internal sealed class BenchSocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private Task _reader = Task.CompletedTask;

    private BenchSocket()
    {
        _socket.Options.AddSubProtocol("graphql-transport-ws");
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
    }

    public static async Task<BenchSocket> OpenAsync(int port, string? token, Action<JsonElement, long> onMessage)
    {
        var socket = new BenchSocket();
        await socket._socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/graphql"), CancellationToken.None);
        await socket.SendAsync(token is null ? new { type = "connection_init" } : new { type = "connection_init", payload = new { authorization = $"Bearer {token}" } });
        using var ack = JsonDocument.Parse(await socket.ReceiveAsync() ?? throw new InvalidOperationException("closed before connection_ack"));
        if (ack.RootElement.GetProperty("type").GetString() != "connection_ack")
        {
            throw new InvalidOperationException($"expected connection_ack, got {ack.RootElement.GetRawText()}");
        }

        socket._reader = Task.Run(async () =>
        {
            // One buffer per socket for its whole life: a fresh 16 KiB array per message made the
            // client, not the server, the bottleneck of 10,000 sockets receiving one event each.
            var buffer = new byte[4 * 1024];
            using var message = new MemoryStream();
            while (await ReceiveMessageAsync(socket._socket, buffer, message) is { } bytes)
            {
                var at = System.Diagnostics.Stopwatch.GetTimestamp();
                using var json = JsonDocument.Parse(bytes);
                onMessage(json.RootElement, at);
            }
        });
        return socket;
    }

    public Task SubscribeAsync(string id, string query, object? variables = null) =>
        SendAsync(new { id, type = "subscribe", payload = new { query, variables } });

    private Task SendAsync(object message) =>
        _socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, true, CancellationToken.None);

    private async Task<byte[]?> ReceiveAsync()
    {
        using var message = new MemoryStream();
        return await ReceiveMessageAsync(_socket, new byte[4 * 1024], message) is { } bytes ? bytes.ToArray() : null;
    }

    /// <summary>One whole text message of a socket, or null once it closes or fails.</summary>
    internal static async Task<byte[]?> ReceiveMessageAsync(WebSocket socket)
    {
        using var message = new MemoryStream();
        return await ReceiveMessageAsync(socket, new byte[16 * 1024], message) is { } bytes ? bytes.ToArray() : null;
    }

    /// <summary>
    /// One whole text message read with the caller's buffer into <paramref name="message"/> (reset
    /// first); the bytes are valid until the next call, null once the socket closes or fails.
    /// </summary>
    private static async Task<ReadOnlyMemory<byte>?> ReceiveMessageAsync(WebSocket socket, byte[] buffer, MemoryStream message)
    {
        message.SetLength(0);
        while (true)
        {
            ValueWebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                return null;
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            if (result.EndOfMessage && message.Length == 0)
            {
                return buffer.AsMemory(0, result.Count); // the usual case: the whole message in one read, no copy
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return message.GetBuffer().AsMemory(0, (int)message.Length);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        await _reader.ConfigureAwait(false);
        _socket.Dispose();
    }

    /// <summary>
    /// Opens sockets <paramref name="from"/>..<paramref name="to"/> (exclusive), <paramref name="parallel"/> at a
    /// time, starting none after <paramref name="deadline"/> (a loaded machine opens slowly); the ones not opened are null.
    /// </summary>
    public static async Task OpenManyAsync(BenchSocket?[] sockets, int from, int to, int parallel, TimeSpan deadline, Func<int, Task<BenchSocket>> open)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(parallel);
        await Task.WhenAll(Enumerable.Range(from, to - from).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                if (clock.Elapsed < deadline)
                {
                    sockets[i] = await open(i);
                }
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    public static string Text(JsonElement message, params string[] path)
    {
        var e = message;
        foreach (var name in path)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out e))
            {
                return "";
            }
        }

        return e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText();
    }
}

/// <summary>Latencies in milliseconds, printed as count, p50, p99 and max.</summary>
internal static class Latency
{
    public static string Summary(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        return $"p50 {Percentiles.Of(sorted, 0.5):0.0} ms, p99 {Percentiles.Of(sorted, 0.99):0.0} ms, max {sorted.LastOrDefault():0.0} ms";
    }

    public static double Ms(long from, long to) => System.Diagnostics.Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
}
