using System.Diagnostics;
using System.Security.Claims;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using Son1kVers3.GraphQL.Transport;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// Runs one GraphQL request with the server's limits; shared by HTTP and WebSocket transports.
/// The timeout covers parsing, validation and execution: it counts from when the request began.
/// </summary>
public sealed class GraphQLExecutor(IDocumentExecuter<ISchema> executer, ParsedDocumentCache documents, GraphQLHttpSettings settings)
{
    public async Task<ExecutionResult> ExecuteAsync(
        GraphQLHttpRequest request,
        GraphQLParser.AST.GraphQLDocument? document,
        IServiceProvider services,
        ClaimsPrincipal user,
        CancellationToken cancellationToken,
        long? startedAt = null)
    {
        var started = startedAt ?? Stopwatch.GetTimestamp();
        if (document is null)
        {
            var prepared = documents.Prepare(request.Query);
            if (prepared.Error is { } error)
            {
                return Refused(error);
            }

            document = prepared.Document;
        }

        if ((UnsafeText.FindIn(request.Variables, "variables") ?? UnsafeText.FindIn(request.Extensions, "extensions")) is { } problem)
        {
            return Refused(new ExecutionError($"The request's {problem}; such text is not accepted.") { Code = "BAD_USER_INPUT" });
        }

        var remaining = settings.ExecutionTimeout - Stopwatch.GetElapsedTime(started);
        if (remaining <= TimeSpan.Zero)
        {
            return new ExecutionResult { Executed = false, Errors = [new TimeoutError()] };
        }

        return await executer.ExecuteAsync(new ExecutionOptions
        {
            Query = request.Query,
            Document = document,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            RequestServices = services,
            User = user,
            CancellationToken = cancellationToken,
            Timeout = remaining,
            TimeoutAction = TimeoutAction.ReturnTimeoutError,
        });
    }

    private static ExecutionResult Refused(ExecutionError error) => new() { Executed = false, Errors = [error] };
}
