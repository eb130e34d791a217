using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using GraphQL;
using Son1kVers3.GraphQL.Execution;

namespace Son1kVers3.GraphQL.Transport;

/// <summary>
/// One socket speaking graphql-transport-ws: connection_init (auth from its payload) within the
/// init timeout, ping/pong, subscribe → next… → complete or error, client complete, and the
/// protocol's close codes. One writer drains an outbound queue, so sends never overlap and
/// queued messages go out before a close frame. Each operation runs in a DI scope of its own.
/// </summary>
public sealed class GraphQLWebSocketConnection(
    WebSocket socket,
    string clientAddress,
    IServiceProvider services,
    WebSocketSettings settings,
    Func<string, Task<ClaimsPrincipal?>> authenticate,
    ILogger<GraphQLWebSocketConnection> logger)
{
    private readonly Channel<Outbound> _outbound = Channel.CreateUnbounded<Outbound>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _operations = new();
    private ClaimsPrincipal _user = new(new ClaimsIdentity());
    private int _initState; // 0 none, 1 received, 2 acknowledged

    public async Task RunAsync(CancellationToken stop, CancellationToken serverStopping)
    {
        var writer = WriteLoopAsync();
        using var initTimeout = new CancellationTokenSource(settings.ConnectionInitTimeout);
        using var initWatch = initTimeout.Token.Register(() =>
        {
            if (Volatile.Read(ref _initState) == 0)
            {
                Close(4408, "Connection initialisation timeout");
            }
        });
        try
        {
            await ReadLoopAsync(stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Close(serverStopping.IsCancellationRequested ? (int)WebSocketCloseStatus.EndpointUnavailable : (int)WebSocketCloseStatus.NormalClosure,
                serverStopping.IsCancellationRequested ? "Server shutting down" : "Closed");
        }
        catch (WebSocketException ex)
        {
            logger.LogDebug(ex, "WebSocket ended abruptly");
        }
        finally
        {
            foreach (var operation in _operations.Values)
            {
                operation.Cancel();
            }

            _outbound.Writer.TryComplete();
            await writer;
        }
    }

    private async Task ReadLoopAsync(CancellationToken stop)
    {
        var buffer = new byte[8 * 1024];
        using var message = new MemoryStream();
        while (socket.State == WebSocketState.Open)
        {
            var received = await socket.ReceiveAsync(buffer, stop);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                Close((int)WebSocketCloseStatus.NormalClosure, "");
                return;
            }

            if (received.MessageType == WebSocketMessageType.Binary)
            {
                Close(4400, "Binary messages are not supported");
                return;
            }

            if (message.Length + received.Count > settings.MaxMessageBytes)
            {
                Close(4400, $"Message larger than {settings.MaxMessageBytes} bytes");
                return;
            }

            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
            {
                var text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                message.SetLength(0);
                if (!await HandleAsync(text))
                {
                    return;
                }
            }
        }
    }

    /// <summary>False when the connection must end.</summary>
    private async Task<bool> HandleAsync(string text)
    {
        JsonElement root;
        try
        {
            using var json = JsonDocument.Parse(text);
            root = json.RootElement.Clone();
        }
        catch (JsonException)
        {
            return Close(4400, "Invalid message: not JSON");
        }

        var type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        switch (type)
        {
            case "connection_init":
                return await InitAsync(root);
            case "ping":
                Send(root.TryGetProperty("payload", out var p) ? $$"""{"type":"pong","payload":{{p.GetRawText()}}}""" : """{"type":"pong"}""");
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

            _user = user;
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
            || !payload.TryGetProperty("query", out var query) || query.ValueKind != JsonValueKind.String)
        {
            return Close(4400, "Invalid subscribe message: id and payload.query are required");
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
        var request = new GraphQLHttpRequest(query.GetString()!, operationName, Read("variables"), Read("extensions"));
        _ = RunOperationAsync(id, request, cancellation);
        return true;
    }

    private async Task RunOperationAsync(string id, GraphQLHttpRequest request, CancellationTokenSource cancellation)
    {
        var ct = cancellation.Token;
        try
        {
            await using var scope = services.CreateAsyncScope();
            var text = scope.ServiceProvider.GetRequiredService<IGraphQLTextSerializer>();
            var document = scope.ServiceProvider.GetRequiredService<ParsedDocumentCache>().TryGet(request.Query);
            var (limited, _) = await scope.ServiceProvider.GetRequiredService<RequestRateLimits>()
                .CheckAsync(clientAddress, _user, document, request.OperationName, ct);
            if (limited is not null)
            {
                var error = new { message = limited.Message, extensions = new { code = limited.Code } };
                Send(Message("error", id, JsonSerializer.Serialize(new[] { error })));
                return;
            }

            var result = await scope.ServiceProvider.GetRequiredService<GraphQLExecutor>().ExecuteAsync(request, document, scope.ServiceProvider, _user, ct);
            if (!result.Executed)
            {
                using var errors = JsonDocument.Parse(text.Serialize(result));
                Send(Message("error", id, errors.RootElement.GetProperty("errors").GetRawText()));
                return;
            }

            if (result.Streams is not { Count: > 0 } streams)
            {
                Send(Message("next", id, text.Serialize(result)));
                Send(Message("complete", id));
                return;
            }

            var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var subscription = streams.Values.First().Subscribe(new Observer(
                next => { if (!ct.IsCancellationRequested) Send(Message("next", id, text.Serialize(next))); },
                () => finished.TrySetResult()));
            await using var registration = ct.Register(() => finished.TrySetCanceled(ct));
            await finished.Task;
            Send(Message("complete", id));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // completed by the client, or the connection ended
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Operation {Id} failed", id);
            Send(Message("error", id, """[{"message":"An unexpected error occurred.","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]"""));
        }
        finally
        {
            _operations.TryRemove(new KeyValuePair<string, CancellationTokenSource>(id, cancellation));
            cancellation.Dispose();
        }
    }

    private static string? Id(JsonElement root) =>
        root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } value ? value : null;

    private static string Message(string type, string id, string? payload = null) =>
        payload is null
            ? $$"""{"type":"{{type}}","id":{{JsonSerializer.Serialize(id)}}}"""
            : $$"""{"type":"{{type}}","id":{{JsonSerializer.Serialize(id)}},"payload":{{payload}}}""";

    private void Send(string text) => _outbound.Writer.TryWrite(new Outbound(text, null, null));

    /// <summary>Queues a close after whatever is queued already; always false, for "end the connection".</summary>
    private bool Close(int code, string reason)
    {
        _outbound.Writer.TryWrite(new Outbound(null, (WebSocketCloseStatus)code, reason));
        _outbound.Writer.TryComplete();
        return false;
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            await foreach (var message in _outbound.Reader.ReadAllAsync())
            {
                if (message.Text is not null && socket.State == WebSocketState.Open)
                {
                    await socket.SendAsync(Encoding.UTF8.GetBytes(message.Text), WebSocketMessageType.Text, true, CancellationToken.None);
                }
                else if (message.Close is { } status && socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(status, message.Reason, CancellationToken.None);
                    return;
                }
            }
        }
        catch (WebSocketException ex)
        {
            logger.LogDebug(ex, "Could not write to the WebSocket");
        }
    }

    private sealed record Outbound(string? Text, WebSocketCloseStatus? Close, string? Reason);

    private sealed class Observer(Action<ExecutionResult> next, Action done) : IObserver<ExecutionResult>
    {
        public void OnNext(ExecutionResult value) => next(value);

        public void OnError(Exception error) => done();

        public void OnCompleted() => done();
    }
}
