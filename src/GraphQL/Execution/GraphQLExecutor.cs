using System.Diagnostics;
using System.Security.Claims;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using Son1kVers3.Domain.Common;
using Son1kVers3.GraphQL.Transport;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// Runs one GraphQL request with the server's limits; shared by HTTP and WebSocket transports,
/// which only read the request, prepare its document (<see cref="ParsedDocumentCache.Prepare"/>)
/// and write the result. The timeout covers parsing, validation and execution: it counts from
/// when the request began. A document that already passed validation skips the validation rules
/// (<see cref="SkipRepeatedValidation"/>).
/// </summary>
public sealed class GraphQLExecutor(IDocumentExecuter<ISchema> executer, ParsedDocumentCache documents, GraphQLHttpSettings settings)
{
    public async Task<ExecutionResult> ExecuteAsync(
        GraphQLHttpRequest request,
        PreparedDocument? prepared,
        IServiceProvider services,
        ClaimsPrincipal user,
        CancellationToken cancellationToken,
        long? startedAt = null)
    {
        var started = startedAt ?? Stopwatch.GetTimestamp();
        prepared ??= documents.Prepare(request.Query, request.OperationName);
        if (prepared.Error is { } error || prepared.Document is not { } document)
        {
            return Refused(prepared.Error ?? new ExecutionError("The document could not be prepared.") { Code = DocumentInspection.ParseFailed });
        }

        if ((UnsafeText.FindIn(request.Variables, "variables") ?? UnsafeText.FindIn(request.Extensions, "extensions")) is { } problem)
        {
            return Refused(new ExecutionError($"The request's {problem}; such text is not accepted.") { Code = ErrorCodes.BadUserInput });
        }

        var remaining = settings.ExecutionTimeout - Stopwatch.GetElapsedTime(started);
        if (remaining <= TimeSpan.Zero)
        {
            return new ExecutionResult { Executed = false, Errors = [new TimeoutError()] };
        }

        var validated = prepared.Validated;
        var result = await executer.ExecuteAsync(new RequestExecutionOptions
        {
            Query = request.Query,
            Document = document,
            Prepared = prepared,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            RequestServices = services,
            User = user,
            CancellationToken = cancellationToken,
            Timeout = remaining,
            TimeoutAction = TimeoutAction.ReturnTimeoutError,
            Validation = !validated ? RequestValidation.Full : prepared.VariableFree ? RequestValidation.None : RequestValidation.ComplexityOnly,
        });
        if (!validated && result.Executed)
        {
            prepared.MarkValidated();
        }

        return result;
    }

    private static ExecutionResult Refused(ExecutionError error) => new() { Executed = false, Errors = [error] };
}
