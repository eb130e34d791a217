using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Runtime.InteropServices;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Unicode;
using GraphQL;

namespace Son1kVers3.GraphQL.Transport;

/// <summary>The user a connection_init token names, and until when the server accepts that token.</summary>
public sealed record WebSocketUser(ClaimsPrincipal Principal, DateTimeOffset ValidUntil);

/// <summary>
/// One socket speaking graphql-transport-ws: connection_init (auth from its payload) within the
/// init timeout, ping/pong, subscribe → next… → complete or error, client complete, and the
/// protocol's close codes. Bounded everywhere: messages per second (4429), bytes waiting to be
/// sent (<see cref="WebSocketOutbox"/>, 1008), and the token's lifetime (4403 when it expires).
/// </summary>
public sealed class GraphQLWebSocketConnection(
    WebSocket socket,
    string clientAddress,
    IServiceProvider services,
    WebSocketSettings settings,
    TimeProvider clock,
    Func<string, Task<WebSocketUser?>> authenticate,
    ILogger<GraphQLWebSocketConnection> logger)
{
    private readonly WebSocketInbox _inbox = new(socket, settings.MaxMessageBytes);
    private readonly WebSocketOutbox _outbox = new(socket, settings.MaxQueuedBytes, logger);
    private readonly WebSocketMessageRate _rate = new(settings.MaxMessagesPerSecond, settings.MessageBurst, clock);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _operations = new();
    private ClaimsPrincipal _user = new(new ClaimsIdentity());
    private ITimer? _tokenExpiry;
    private IDisposable? _stampWatch;
    private int _initState; // 0 none, 1 received, 2 acknowledged

    public async Task RunAsync(CancellationToken stop, CancellationToken serverStopping)
    {
        var writer = _outbox.WriteLoopAsync();
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(stop, _outbox.Aborted);
        using var initTimeout = clock.CreateTimer(_ => { if (Volatile.Read(ref _initState) == 0) Close(4408, "Connection initialisation timeout"); }, null, settings.ConnectionInitTimeout, Timeout.InfiniteTimeSpan);
        try
        {
            if (await ReadLoopAsync(reading.Token))
            {
                await _inbox.DrainAsync(reading.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !_outbox.Aborted.IsCancellationRequested)
        {
            Close(serverStopping.IsCancellationRequested ? (int)WebSocketCloseStatus.EndpointUnavailable : (int)WebSocketCloseStatus.NormalClosure,
                serverStopping.IsCancellationRequested ? "Server shutting down" : "Closed");
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // A client that vanished (a reset connection is an IOException) is not a server error.
            logger.LogDebug(ex, "WebSocket ended abruptly or was aborted");
        }
        finally
        {
            _tokenExpiry?.Dispose();
            _stampWatch?.Dispose();
            foreach (var operation in _operations.Values)
            {
                operation.Cancel();
            }

            _outbox.Finish();
            await writer;
            if (_outbox.Aborted.IsCancellationRequested)
            {
                socket.Abort();
            }

            _outbox.Dispose();
        }
    }

    /// <summary>True when the server closed the socket and the peer's close frame is still to come.</summary>
    private async Task<bool> ReadLoopAsync(CancellationToken ct)
    {
        while (socket.State == WebSocketState.Open)
        {
            var message = await _inbox.ReceiveAsync(ct);
            if (message.IsPeerClose)
            {
                Close((int)WebSocketCloseStatus.NormalClosure, "");
                return false;
            }

            if (_outbox.IsClosing)
            {
                return true;
            }

            if (message.Problem is { } problem)
            {
                return !Close(4400, problem);
            }

            if (!await HandleAsync(message.Utf8))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>False when the connection must end.</summary>
    private async Task<bool> HandleAsync(ReadOnlyMemory<byte> utf8)
    {
        if (!_rate.TryTake())
        {
            return Close(4429, $"Too many messages: at most {settings.MaxMessagesPerSecond} a second (bursts of {settings.MessageBurst})");
        }

        if (!Utf8.IsValid(utf8.Span))
        {
            return Close(4400, "Invalid message: not UTF-8");
        }

        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(utf8);
        }
        catch (JsonException)
        {
            return Close(4400, "Invalid message: not JSON");
        }

        using (json)
        {
            var root = json.RootElement;
            var type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            switch (type)
            {
                case "connection_init":
                    return await InitAsync(root);
                case "ping":
                    Send(Pong(root));
                    return true;
                case "pong":
                    return true;
                case "subscribe":
                    return Subscribe(root);
                case "complete":
                    if (Id(root) is { } done && _operations.TryRemove(done, out var operation))
                    {
                        operation.Cancel();
                    }

                    return true;
                default:
                    return Close(4400, $"Invalid message type '{type ?? "(none)"}'");
            }
        }
    }

    /// <summary>Echoes a small ping payload; a large one is not copied back (an empty pong instead).</summary>
    private static string Pong(JsonElement ping) =>
        ping.TryGetProperty("payload", out var payload) && JsonMarshal.GetRawUtf8Value(payload).Length <= WebSocketSettings.MaxEchoedPingPayloadBytes
            ? $$"""{"type":"pong","payload":{{payload.GetRawText()}}}"""
            : """{"type":"pong"}""";

    private async Task<bool> InitAsync(JsonElement root)
    {
        if (Interlocked.CompareExchange(ref _initState, 1, 0) != 0)
        {
            return Close(4429, "Too many initialisation requests");
        }

        if (root.TryGetProperty("payload", out var payload) && payload.ValueKind == JsonValueKind.Object
            && (payload.TryGetProperty("authorization", out var auth) || payload.TryGetProperty("Authorization", out auth))
            && auth.ValueKind == JsonValueKind.String)
        {
            if (await authenticate(auth.GetString()!) is not { } user)
            {
                return Close(4403, "Forbidden");
            }

            _user = user.Principal;
            // The socket lives no longer than its token: the client reconnects with a fresh one.
            _tokenExpiry = clock.CreateTimer(_ => Close(4403, "Forbidden: the access token has expired"), null,
                TimeSpan.FromTicks(Math.Max(0, (user.ValidUntil - clock.GetUtcNow()).Ticks)), Timeout.InfiniteTimeSpan);
            // ... and no longer than the user's security stamp: a reset, suspension or deletion closes it too.
            if (Execution.CurrentUser.IdOf(user.Principal) is { } userId)
            {
                _stampWatch = services.GetRequiredService<UserSockets>().Register(userId, () => Close(4403, "Forbidden: the session was ended"));
            }
        }

        Volatile.Write(ref _initState, 2);
        Send("""{"type":"connection_ack"}""");
        return true;
    }

    private bool Subscribe(JsonElement root)
    {
        if (Volatile.Read(ref _initState) != 2)
        {
            return Close(4401, "Unauthorized");
        }

        if (Id(root) is not { } id || !root.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Object
            || (payload.TryGetProperty("query", out var query) ? query.ValueKind != JsonValueKind.String : !NamesPersistedDocument(payload)))
        {
            return Close(4400, "Invalid subscribe message: id and payload.query (or a persisted document's documentId or extensions.persistedQuery) are required");
        }

        if (_operations.Count >= settings.MaxOperationsPerConnection)
        {
            return Close(4400, $"More than {settings.MaxOperationsPerConnection} operations on one connection");
        }

        var cancellation = new CancellationTokenSource();
        if (!_operations.TryAdd(id, cancellation))
        {
            cancellation.Dispose();
            return Close(4409, $"Subscriber for {id} already exists");
        }

        var serializer = services.GetRequiredService<IGraphQLSerializer>();
        Inputs? Read(string name) => payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? serializer.ReadNode<Inputs>(value) : null;
        var operationName = payload.TryGetProperty("operationName", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
        var documentId = payload.TryGetProperty("documentId", out var docId) && docId.ValueKind == JsonValueKind.String ? docId.GetString() : null;
        var text = query.ValueKind == JsonValueKind.String ? query.GetString()! : "";
        var request = new GraphQLHttpRequest(text, operationName, Read("variables"), Read("extensions"), documentId);
        _ = RunOperationAsync(new GraphQLWebSocketOperation(id, request, clientAddress, _user, _outbox, services, logger), id, cancellation);
        return true;
    }

    private async Task RunOperationAsync(GraphQLWebSocketOperation operation, string id, CancellationTokenSource cancellation)
    {
        try
        {
            await operation.RunAsync(cancellation.Token);
        }
        finally
        {
            _operations.TryRemove(new KeyValuePair<string, CancellationTokenSource>(id, cancellation));
            cancellation.Dispose();
        }
    }

    private static bool NamesPersistedDocument(JsonElement payload) =>
        payload.TryGetProperty("documentId", out var documentId) && documentId.ValueKind == JsonValueKind.String
        || payload.TryGetProperty("extensions", out var extensions) && extensions.ValueKind == JsonValueKind.Object && extensions.TryGetProperty("persistedQuery", out _);

    private static string? Id(JsonElement root) =>
        root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } value ? value : null;

    private bool Send(string text) => _outbox.Send(text);

    /// <summary>Queues a close after whatever is queued already; always false, for "end the connection".</summary>
    private bool Close(int code, string reason)
    {
        _outbox.Close(code, reason);
        return false;
    }
}
