using System.Security.Claims;
using System.Text.Json;
using GraphQL;
using Son1kVers3.GraphQL.Execution;
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
    Func<string, bool> send,
    IServiceProvider services,
    ILogger logger)
{
    public const string StreamFailedCode = "SUBSCRIPTION_STREAM_FAILED";

    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = services.CreateAsyncScope();
            var text = scope.ServiceProvider.GetRequiredService<IGraphQLTextSerializer>();
            var prepared = scope.ServiceProvider.GetRequiredService<ParsedDocumentCache>().Prepare(request.Query, request.OperationName);
            var (limited, _) = await scope.ServiceProvider.GetRequiredService<RequestRateLimits>()
                .CheckAsync(clientAddress, user, prepared.Document, request.OperationName, ct);
            if (limited is not null)
            {
                SendError(limited.Code, limited.Message);
                return;
            }

            var result = await scope.ServiceProvider.GetRequiredService<GraphQLExecutor>().ExecuteAsync(request, prepared, scope.ServiceProvider, user, ct);
            if (!result.Executed)
            {
                using var errors = JsonDocument.Parse(text.Serialize(result));
                send(Message("error", id, errors.RootElement.GetProperty("errors").GetRawText()));
                return;
            }

            if (result.Streams is not { Count: > 0 } streams)
            {
                send(Message("next", id, text.Serialize(result)));
                send(Message("complete", id));
                return;
            }

            await FollowAsync(streams.Values.First(), text, ct);
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

    private async Task FollowAsync(IObservable<ExecutionResult> stream, IGraphQLTextSerializer text, CancellationToken ct)
    {
        var ended = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = stream.Subscribe(new Observer(
            next => { if (!ct.IsCancellationRequested) send(Message("next", id, text.Serialize(next))); },
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

        send(Message("complete", id));
    }

    /// <summary>A failure that already says what a client should know (e.g. SERVICE_UNAVAILABLE), found directly or as the inner exception.</summary>
    private static ExecutionError? KnownFailure(Exception failure) =>
        new[] { failure, failure.InnerException }.OfType<ExecutionError>()
            .FirstOrDefault(e => ApiErrorInfoProvider.CodeOf(e) != ApiErrorInfoProvider.InternalServerError);

    private void SendError(string code, string message, int? retryAfterSeconds = null) =>
        send(Message("error", id, retryAfterSeconds is { } seconds
            ? JsonSerializer.Serialize(new[] { new { message, extensions = new { code, retryAfterSeconds = seconds } } })
            : JsonSerializer.Serialize(new[] { new { message, extensions = new { code } } })));

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
