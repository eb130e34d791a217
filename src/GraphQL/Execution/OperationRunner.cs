using System.Security.Claims;
using GraphQL;
using GraphQLParser.AST;
using Son1kVers3.GraphQL.Observability;
using Son1kVers3.GraphQL.Transport;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>One operation as a transport hands it over: what was read, from whom, and the transport's own rules.</summary>
public sealed record OperationCall(string Transport, GraphQLHttpRequest Request, string ClientAddress, IServiceProvider Services, CancellationToken CancellationToken)
{
    /// <summary>The signed-in user, read once <see cref="Admit"/> has run (it may authenticate).</summary>
    public required Func<ClaimsPrincipal> User { get; init; }

    /// <summary>A trace of its own, linked to the current one (a WebSocket's operations).</summary>
    public bool NewTrace { get; init; }

    /// <summary>When the request began (the execution timeout counts from it); null: when execution begins.</summary>
    public long? StartedAt { get; init; }

    /// <summary>The transport's checks that run once the operation's telemetry has begun, before anything else (HTTP: preflight, bearer token).</summary>
    public Func<ValueTask<OperationRefusal?>>? Admit { get; init; }

    /// <summary>What the transport refuses for the operation's type (HTTP: a mutation over GET, a subscription).</summary>
    public Func<OperationType?, OperationRefusal?>? Allows { get; init; }

    /// <summary>The request carries no credentials, so a public query may be answered from <see cref="PublicAnswerCache"/> (HTTP without Authorization).</summary>
    public bool MayUsePublicAnswers { get; init; }
}

/// <summary>
/// The path of every operation, over HTTP and WebSocket alike: telemetry, the transport's admission,
/// persisted-document resolution, the prepared (cached) document, rate limits, the transport's
/// rules for the operation type, then the public answer kept for it (an anonymous public query,
/// see <see cref="PublicAnswerCache"/>) or execution. Transports only read requests and write answers.
/// </summary>
public sealed class OperationRunner(
    OperationTelemetry telemetry,
    PersistedDocuments persisted,
    ParsedDocumentCache documents,
    RequestRateLimits rateLimits,
    GraphQLExecutor executor,
    PublicAnswerCache answers,
    global::GraphQL.Types.ISchema schema,
    IGraphQLSerializer serializer)
{
    /// <summary>The run, refused or executed; dispose it once its answer is written (that ends its telemetry).</summary>
    public async Task<OperationRun> RunAsync(OperationCall call)
    {
        var run = new OperationRun(telemetry.Start(call.Transport, call.Request, call.NewTrace), call.Request);
        try
        {
            await RunAsync(call, run);
            return run;
        }
        catch
        {
            run.Dispose();
            throw;
        }
    }

    private async Task RunAsync(OperationCall call, OperationRun run)
    {
        var ct = call.CancellationToken;
        var admission = call.Admit is null ? null : await call.Admit();
        var user = call.User();
        run.Telemetry.RunsAs(user);
        if (admission is not null)
        {
            run.Refuse(admission);
            return;
        }

        var resolution = await persisted.ResolveAsync(call.Request, user, call.Services, ct);
        var request = run.Request = resolution.Request ?? call.Request;
        run.FromStore = resolution.FromStore;
        var prepared = run.Prepared = resolution.Request is null ? null : documents.Prepare(request.Query, request.OperationName);
        var document = prepared?.Document;
        run.Telemetry.Describe(document, request.OperationName);
        var type = document is null ? null : ParsedDocumentCache.OperationOf(document, request.OperationName)?.Operation;
        var refusal = await rateLimits.CheckAsync(call.ClientAddress, user, document, request.OperationName, ct)
            ?? resolution.Refusal
            ?? call.Allows?.Invoke(type);
        if (refusal is not null)
        {
            run.Refuse(refusal);
            return;
        }

        var answerKey = PublicAnswerKey(call, request, prepared!, user);
        if (answerKey is { } hit && answers.Find(hit) is { } answer)
        {
            run.Answer = answer;
            run.AnswerFromCache = true;
            run.Telemetry.Succeed();
            return;
        }

        var result = run.Result = await executor.ExecuteAsync(request, prepared!, call.Services, user, ct, call.StartedAt);
        run.Telemetry.Complete(result);
        if (answerKey is { } key && result.Executed && result.Errors is not { Count: > 0 })
        {
            using var buffer = new PooledResponseBuffer();
            await serializer.WriteAsync(buffer, result, ct);
            run.Answer = buffer.Written.ToArray();
            answers.Add(key, run.Answer);
        }
    }

    /// <summary>The key of the answer an anonymous request for a public query may share with others; null when it may not.</summary>
    private AnswerKey? PublicAnswerKey(OperationCall call, GraphQLHttpRequest request, PreparedDocument prepared, ClaimsPrincipal user)
    {
        if (!call.MayUsePublicAnswers || !answers.Enabled || user.Identity?.IsAuthenticated == true || prepared.Document is null
            || !prepared.IsPublicQuery(schema, request.OperationName))
        {
            return null;
        }

        // The extensions and undeclared variables are not part of the key: a request that execution would refuse for
        // their text is not answered from it.
        return (request.Extensions is { Count: > 0 } extensions && UnsafeText.FindIn(extensions, "extensions") is not null)
            || (request.Variables is { Count: > 0 } variables && UnsafeText.FindIn(variables, "variables") is not null)
            ? null
            : AnswerKey.Of(request.Query, request.OperationName, request.Variables, ParsedDocumentCache.OperationOf(prepared.Document, request.OperationName)?.Variables);
    }
}

/// <summary>An operation that ran or was refused; its telemetry ends when it is disposed.</summary>
public sealed class OperationRun(GraphQLOperationScope telemetry, GraphQLHttpRequest request) : IDisposable
{
    public GraphQLOperationScope Telemetry { get; } = telemetry;

    /// <summary>The request as run: with its text once a persisted document was resolved.</summary>
    public GraphQLHttpRequest Request { get; internal set; } = request;

    public PreparedDocument? Prepared { get; internal set; }

    /// <summary>The text came from a persisted-document store.</summary>
    public bool FromStore { get; internal set; }

    /// <summary>Why it did not run, or null.</summary>
    public OperationRefusal? Refusal { get; private set; }

    /// <summary>The execution's result (not executed for a request error such as a validation failure), or null when refused or answered from the cache.</summary>
    public ExecutionResult? Result { get; internal set; }

    /// <summary>The serialised answer of a public query asked anonymously (from <see cref="PublicAnswerCache"/> or just executed and kept), or null.</summary>
    public byte[]? Answer { get; internal set; }

    /// <summary><see cref="Answer"/> came from the cache: nothing was executed.</summary>
    public bool AnswerFromCache { get; internal set; }

    internal void Refuse(OperationRefusal refusal)
    {
        Refusal = refusal;
        Telemetry.Reject(refusal.Code);
    }

    public void Dispose() => Telemetry.Dispose();
}
