using System.Diagnostics;
using GraphQL;
using GraphQL.Execution;
using Son1kVers3.Domain.Common;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.Infrastructure.Faults;

namespace Son1kVers3.GraphQL.Transport;

/// <summary>
/// GraphQL over HTTP at /graphql (the GraphQL-over-HTTP spec): GET for queries, POST with
/// application/json for everything, Accept negotiation, spec status codes, document limits
/// before validation, and the explorer for browsers.
/// </summary>
public sealed class GraphQLHttpEndpoint(
    GraphQLRequestReader reader,
    OperationRunner runner,
    IGraphQLSerializer serializer,
    GraphQLHttpSettings settings,
    Explorer.ExplorerPage explorer,
    PersistedDocumentSettings persistedSettings,
    global::GraphQL.Types.ISchema schema,
    ILogger<GraphQLHttpEndpoint> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var http = context.Request;
        var isGet = HttpMethods.IsGet(http.Method);
        if (!isGet && !HttpMethods.IsPost(http.Method))
        {
            await WriteProblemAsync(context, ResponseMediaType.Json, new HttpProblem(
                StatusCodes.Status405MethodNotAllowed, "Use GET for queries or POST for any operation.", ErrorCodes.MethodNotAllowed, "GET, POST"));
            return;
        }

        if (isGet)
        {
            context.Response.Headers.CacheControl = PublicCaching.NoStore; // a public persisted query says otherwise below
        }

        var accept = http.Headers.Accept.ToString();
        if (isGet && explorer.Enabled && !http.Query.ContainsKey("query") && ResponseMediaType.PrefersHtml(accept))
        {
            await explorer.WriteAsync(context);
            return;
        }

        var mediaType = ResponseMediaType.Negotiate(accept);
        if (mediaType is null)
        {
            await WriteProblemAsync(context, ResponseMediaType.Json, new HttpProblem(
                StatusCodes.Status406NotAcceptable,
                $"This endpoint answers {ResponseMediaType.GraphQLResponse} or {ResponseMediaType.Json}; the Accept header allows neither.",
                ErrorCodes.NotAcceptable));
            return;
        }

        var (request, problem) = await reader.ReadAsync(http, context.RequestAborted);
        if (request is null)
        {
            await WriteProblemAsync(context, mediaType, problem!);
            return;
        }

        using var run = await runner.RunAsync(new OperationCall("http", request, ClientAddress(context), context.RequestServices, context.RequestAborted)
        {
            User = () => context.User,
            StartedAt = started,
            Admit = () => HttpAdmission.CheckAsync(context, isGet && settings.RequirePreflight),
            Allows = type => HttpAdmission.Allows(type, isGet),
            MayUsePublicAnswers = http.Headers.Authorization.Count == 0,
        });
        if (run.Refusal is { } refusal)
        {
            if (refusal.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await WriteProblemAsync(context, mediaType, HttpProblem.For(refusal));
            return;
        }

        if (run.Answer is { } answer)
        {
            await WritePublicAnswerAsync(context, mediaType, isGet, run, answer);
            return;
        }

        var result = run.Result!;
        if (!result.Executed)
        {
            LogRefusal(context, result);
        }

        if (isGet)
        {
            context.Response.Headers.CacheControl = PublicCaching.CacheControl(
                schema, run.Prepared?.Document, run.Request.OperationName, run.FromStore, http.Headers.Authorization.Count > 0, result, persistedSettings.PublicMaxAgeSeconds);
        }

        if (IsOutage(result))
        {
            context.Response.Headers.RetryAfter = DependencyOutage.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await WriteResultAsync(context, mediaType, StatusCodes.Status503ServiceUnavailable, result);
            return;
        }

        await WriteResultAsync(context, mediaType, StatusOf(result, mediaType), result);
    }

    /// <summary>A public query's answer, executed or kept (then marked <c>X-Answer-Cache: hit</c>): 200, and over GET the public Cache-Control of a persisted query.</summary>
    private Task WritePublicAnswerAsync(HttpContext context, string mediaType, bool isGet, OperationRun run, byte[] answer)
    {
        if (isGet)
        {
            context.Response.Headers.CacheControl = PublicCaching.CacheControl(run.FromStore, persistedSettings.PublicMaxAgeSeconds);
        }

        if (run.AnswerFromCache)
        {
            context.Response.Headers[PublicAnswerCache.HitHeader] = "hit";
        }

        return WriteBytesAsync(context, mediaType, StatusCodes.Status200OK, answer);
    }

    private static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>The whole request failed because PostgreSQL or Redis is away: 503 with Retry-After, whatever the media type.</summary>
    private static bool IsOutage(ExecutionResult result) =>
        result.Data is null && result.Errors is { Count: > 0 } errors && errors.All(e => ApiErrorInfoProvider.CodeOf(e) == DependencyOutage.Code);

    /// <summary>One bounded line per refused request with the reason (the operation's own line carries its document).</summary>
    private void LogRefusal(HttpContext context, ExecutionResult result)
    {
        var error = result.Errors?.FirstOrDefault();
        logger.LogInformation(
            "GraphQL request refused ({Code}, trace {TraceId}): {Reason}",
            error is null ? "" : ApiErrorInfoProvider.CodeOf(error),
            TraceIds.Current(context),
            UnsafeText.ForLog(error?.Message, 300));
    }

    /// <summary>
    /// application/graphql-response+json: a request error (nothing executed) is 400, a timeout
    /// with no data 504, anything executed 200. application/json: 200 for every well-formed request.
    /// </summary>
    private static int StatusOf(ExecutionResult result, string mediaType)
    {
        if (mediaType == ResponseMediaType.Json)
        {
            return StatusCodes.Status200OK;
        }

        if (result.Data is null && result.Errors?.Any(e => e is TimeoutError) == true)
        {
            return StatusCodes.Status504GatewayTimeout;
        }

        return result.Executed ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
    }

    private Task WriteProblemAsync(HttpContext context, string mediaType, HttpProblem problem)
    {
        logger.LogInformation("GraphQL request refused ({Code}, {Status}, trace {TraceId}): {Reason}",
            problem.Code, problem.StatusCode, TraceIds.Current(context), UnsafeText.ForLog(problem.Message, 300));
        if (problem.Allow is not null)
        {
            context.Response.Headers.Allow = problem.Allow;
        }

        var error = new ExecutionError(problem.Message) { Code = problem.Code };
        if (problem.RetryAfterSeconds is { } seconds)
        {
            error.Data[ApiErrorInfoProvider.RetryAfterSeconds] = seconds;
        }

        var result = new ExecutionResult { Executed = false, Errors = [error] };
        return WriteResultAsync(context, mediaType, problem.StatusCode, result);
    }

    private async Task WriteResultAsync(HttpContext context, string mediaType, int statusCode, ExecutionResult result)
    {
        using var body = new PooledResponseBuffer();
        await serializer.WriteAsync(body, result, context.RequestAborted);
        await WriteBytesAsync(context, mediaType, statusCode, body.Written);
    }

    /// <summary>The whole answer at once, with its Content-Length (no chunked framing).</summary>
    private static async Task WriteBytesAsync(HttpContext context, string mediaType, int statusCode, ReadOnlyMemory<byte> answer)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = ResponseMediaType.WithCharset(mediaType);
        response.Headers.Vary = "Accept";
        response.ContentLength = answer.Length;
        await response.BodyWriter.WriteAsync(answer, context.RequestAborted);
    }
}
