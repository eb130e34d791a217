using System.Security.Claims;
using System.Text;
using System.Text.Json;
using GraphQL;
using Son1kVers3.Application.Observability;
using Son1kVers3.Domain.Common;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Execution.Fanout;
using Son1kVers3.Infrastructure.Faults;

namespace Son1kVers3.GraphQL.Transport;

/// <summary>
/// One subscribe of a graphql-transport-ws socket, in a DI scope of its own: rate limits, then a
/// query or mutation answers next + complete; a subscription sends next for each event, complete
/// when its stream ends, or error (never a silent complete) when its stream fails.
/// </summary>
public sealed class GraphQLWebSocketOperation(
    string id,
    GraphQLHttpRequest request,
    string clientAddress,
    ClaimsPrincipal user,
    WebSocketOutbox outbox,
    IServiceProvider services,
    ILogger logger)
{
    public const string StreamFailedCode = ErrorCodes.SubscriptionStreamFailed;

    private static readonly byte[] NextTail = "}"u8.ToArray();
    private byte[]? _nextHead;

    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            var text = services.GetRequiredService<IGraphQLTextSerializer>();
            IObservable<ExecutionResult>? stream;
            await using (var scope = new WebSocketOperationServices(services))
            {
                stream = await StartAsync(scope, text, ct);
            }

            if (stream is null)
            {
                return;
            }

            var metrics = services.GetRequiredService<AppMetrics>();
            metrics.SubscriptionStarted();
            try
            {
                await FollowAsync(stream, text, ct);
            }
            finally
            {
                metrics.SubscriptionEnded();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // completed by the client, or the connection ended
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Operation {Id} failed", id);
            SendError(ApiErrorInfoProvider.InternalServerError, "An unexpected error occurred.");
        }
    }

    /// <summary>
    /// Runs the operation under its own trace and log line: a query or mutation is answered here
    /// (null); a subscription's event stream is returned for the caller to follow.
    /// </summary>
    private async Task<IObservable<ExecutionResult>?> StartAsync(IServiceProvider scope, IGraphQLTextSerializer text, CancellationToken ct)
    {
        using var run = await scope.GetRequiredService<OperationRunner>().RunAsync(
            new OperationCall("websocket", request, clientAddress, scope, ct) { User = () => user, NewTrace = true });
        if (run.Refusal is { } refused)
        {
            SendError(refused.Code, refused.Message, refused.RetryAfterSeconds);
            return null;
        }

        var result = run.Result!;
        if (!result.Executed)
        {
            using var errors = JsonDocument.Parse(text.Serialize(result));
            Send(Message("error", id, errors.RootElement.GetProperty("errors").GetRawText()));
            return null;
        }

        if (result.Streams is not { Count: > 0 } streams)
        {
            Send(Message("next", id, text.Serialize(result)));
            Send(Message("complete", id));
            return null;
        }

        return streams.Values.First();
    }

    private async Task FollowAsync(IObservable<ExecutionResult> stream, IGraphQLTextSerializer text, CancellationToken ct)
    {
        var ended = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = stream.Subscribe(new Observer(
            next => { if (!ct.IsCancellationRequested) SendNext(next, text); },
            error => ended.TrySetResult(error)));
        await using var registration = ct.Register(() => ended.TrySetCanceled(ct));
        if (await ended.Task is { } failure)
        {
            logger.LogWarning(failure.InnerException ?? failure, "The event stream of subscription {Id} failed", id);
            if (DependencyOutage.DependencyOf(failure) is { } dependency)
            {
                SendError(DependencyOutage.Code, DependencyOutage.MessageFor(dependency), DependencyOutage.RetryAfterSeconds);
                return;
            }

            if (KnownFailure(failure) is { } known)
            {
                SendError(ApiErrorInfoProvider.CodeOf(known), known.Message);
                return;
            }

            SendError(StreamFailedCode, "Live updates for this subscription stopped: its event stream failed. Subscribe again to resume.");
            return;
        }

        Send(Message("complete", id));
    }

    /// <summary>A result serialised for a group of subscribers goes out as the same bytes, behind this operation's own head.</summary>
    private void SendNext(ExecutionResult next, IGraphQLTextSerializer text)
    {
        if (next is SerializedExecutionResult shared)
        {
            _nextHead ??= Encoding.UTF8.GetBytes(Message("next", id, "")[..^1]);
            outbox.Send(_nextHead, shared.Payload.Utf8, NextTail);
            return;
        }

        Send(Message("next", id, text.Serialize(next)));
    }

    private bool Send(string message) => outbox.Send(message);

    /// <summary>A failure that already says what a client should know (e.g. SERVICE_UNAVAILABLE), found directly or as the inner exception.</summary>
    private static ExecutionError? KnownFailure(Exception failure) =>
        new[] { failure, failure.InnerException }.OfType<ExecutionError>()
            .FirstOrDefault(e => ApiErrorInfoProvider.CodeOf(e) != ApiErrorInfoProvider.InternalServerError);

    private void SendError(string code, string message, int? retryAfterSeconds = null)
    {
        var traceId = TraceIds.Current(services.GetService<IHttpContextAccessor>()?.HttpContext);
        Send(Message("error", id, retryAfterSeconds is { } seconds
            ? JsonSerializer.Serialize(new[] { new { message, extensions = new { code, retryAfterSeconds = seconds, traceId } } })
            : JsonSerializer.Serialize(new[] { new { message, extensions = new { code, traceId } } })));
    }

    public static string Message(string type, string id, string? payload = null) =>
        payload is null
            ? $$"""{"type":"{{type}}","id":{{JsonSerializer.Serialize(id)}}}"""
            : $$"""{"type":"{{type}}","id":{{JsonSerializer.Serialize(id)}},"payload":{{payload}}}""";

    /// <summary>OnError ends the stream with the failure; OnCompleted ends it with none.</summary>
    private sealed class Observer(Action<ExecutionResult> next, Action<Exception?> ended) : IObserver<ExecutionResult>
    {
        public void OnNext(ExecutionResult value) => next(value);

        public void OnError(Exception error) => ended(error);

        public void OnCompleted() => ended(null);
    }
}
