using System.Net.WebSockets;
using System.Text.Json;
using GraphQL;

namespace Son1kVers3.GraphQL.Transport;

/// <summary>
/// One socket speaking graphql-transport-ws: connection_init (auth from its payload) within the
/// init timeout, ping/pong, subscribe → next… → complete or error, client complete, and the
/// protocol's close codes. Messages are read by <see cref="WebSocketMessages"/>, the connection's
/// state kept by <see cref="WebSocketProtocolState"/>, operations run by <see cref="GraphQLWebSocketOperation"/>.
/// Bounded everywhere: messages per second (4429), bytes waiting to be sent (<see cref="WebSocketOutbox"/>, 1008), and the token's lifetime (4403 when it expires).
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
    private readonly WebSocketProtocolState _state = new();
    private ITimer? _initTimeout; // until connection_init arrives: no timer per socket for its whole life

    public async Task RunAsync(CancellationToken stop, CancellationToken serverStopping)
    {
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(stop, _outbox.Aborted);
        _initTimeout = clock.CreateTimer(_ => { if (!_state.InitReceived) Close(4408, "Connection initialisation timeout"); }, null, settings.ConnectionInitTimeout, Timeout.InfiniteTimeSpan);
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
            Interlocked.Exchange(ref _initTimeout, null)?.Dispose();
            _state.Dispose();

            _outbox.Finish();
            await _outbox.Completion;
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

        var (json, invalid) = WebSocketMessages.Parse(utf8);
        if (json is null)
        {
            return Close(4400, invalid!);
        }

        using (json)
        {
            var root = json.RootElement;
            var type = WebSocketMessages.TypeOf(root);
            switch (type)
            {
                case "connection_init":
                    return await InitAsync(root);
                case "ping":
                    return Send(WebSocketMessages.Pong(root));
                case "pong":
                    return true;
                case "subscribe":
                    return Subscribe(root);
                case "complete":
                    if (WebSocketMessages.Id(root) is { } done)
                    {
                        _state.Complete(done);
                    }

                    return true;
                default:
                    return Close(4400, $"Invalid message type '{type ?? "(none)"}'");
            }
        }
    }

    private async Task<bool> InitAsync(JsonElement root)
    {
        if (!_state.TryBeginInit())
        {
            return Close(4429, "Too many initialisation requests");
        }

        Interlocked.Exchange(ref _initTimeout, null)?.Dispose(); // received in time

        if (WebSocketMessages.Authorization(root) is { } token)
        {
            if (await authenticate(token) is not { } user)
            {
                return Close(4403, "Forbidden");
            }

            _state.SignIn(user, clock, services.GetRequiredService<UserSockets>(), reason => Close(4403, reason));
        }

        _state.Acknowledge();
        return Send("""{"type":"connection_ack"}""");
    }

    private bool Subscribe(JsonElement root)
    {
        if (!_state.Acknowledged)
        {
            return Close(4401, "Unauthorized");
        }

        var message = WebSocketMessages.ReadSubscribe(root, services.GetRequiredService<IGraphQLSerializer>());
        if (message is not { Id: { } id, Request: { } request })
        {
            return Close(4400, message.Invalid!);
        }

        if (_state.OperationCount >= settings.MaxOperationsPerConnection)
        {
            return Close(4400, $"More than {settings.MaxOperationsPerConnection} operations on one connection");
        }

        var operation = new GraphQLWebSocketOperation(id, request, clientAddress, _state.User, _outbox, services, logger);
        return _state.TryStart(id, operation.RunAsync) || Close(4409, $"Subscriber for {id} already exists");
    }

    private bool Send(string text)
    {
        _outbox.Send(text);
        return true;
    }

    /// <summary>Queues a close after whatever is queued already; always false, for "end the connection".</summary>
    private bool Close(int code, string reason)
    {
        _outbox.Close(code, reason);
        return false;
    }
}
