using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Son1kVers3.Integration.Tests.Support;

/// <summary>A graphql-transport-ws client over a real WebSocket to the in-memory server.</summary>
public sealed class WsClient : IAsyncDisposable
{
    private readonly WebSocket _socket;

    private WsClient(WebSocket socket) => _socket = socket;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;
    public string? CloseReason => _socket.CloseStatusDescription;

    public static async Task<WsClient> ConnectAsync(WebApplicationFactory<Program> server, string? subProtocol = "graphql-transport-ws", string? forwardedFor = null)
    {
        var client = server.Server.CreateWebSocketClient();
        if (forwardedFor is not null)
        {
            client.ConfigureRequest = request => request.Headers["X-Forwarded-For"] = forwardedFor;
        }

        if (subProtocol is not null)
        {
            client.SubProtocols.Add(subProtocol);
        }

        var socket = await client.ConnectAsync(new Uri(server.Server.BaseAddress, "graphql"), CancellationToken.None);
        return new WsClient(socket);
    }

    /// <summary>Over real TCP, to a server process.</summary>
    public static async Task<WsClient> ConnectAsync(Uri url, string? accessToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        await socket.ConnectAsync(url, CancellationToken.None);
        var ws = new WsClient(socket);
        await ws.SendAsync(accessToken is null ? new { type = "connection_init" } : new { type = "connection_init", payload = new { authorization = $"Bearer {accessToken}" } });
        Assert.Equal("connection_ack", (await ws.ReceiveAsync())!["type"]!.GetValue<string>());
        return ws;
    }

    /// <summary>Connects and completes connection_init (with the token, if any).</summary>
    public static async Task<WsClient> InitAsync(WebApplicationFactory<Program> server, string? accessToken = null)
    {
        var ws = await ConnectAsync(server);
        await ws.SendAsync(accessToken is null ? new { type = "connection_init" } : new { type = "connection_init", payload = new { authorization = $"Bearer {accessToken}" } });
        Assert.Equal("connection_ack", (await ws.ReceiveAsync())!["type"]!.GetValue<string>());
        return ws;
    }

    public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

    public Task SendTextAsync(string text) => SendTextAsync(text, CancellationToken.None);

    public Task SendTextAsync(string text, CancellationToken ct) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, ct);

    public Task SubscribeAsync(string id, string query, object? variables = null) =>
        SendAsync(new { id, type = "subscribe", payload = new { query, variables } });

    /// <summary>The next message, or null when the server closed the socket.</summary>
    public async Task<JsonNode?> ReceiveAsync(int timeoutMs = 15000)
    {
        using var timeout = new CancellationTokenSource(timeoutMs);
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonNode.Parse(Encoding.UTF8.GetString(message.ToArray()));
            }
        }
    }

    /// <summary>Reads until the server closes, returning the close code.</summary>
    public async Task<int?> ClosedWithAsync(int timeoutMs = 5000)
    {
        while (await ReceiveAsync(timeoutMs) is not null)
        {
        }

        return (int?)CloseStatus;
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
            }
            catch (WebSocketException)
            {
                // the server has dropped the connection already
            }
        }

        _socket.Dispose();
    }
}
