using System.Security.Claims;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using Son1kVers3.GraphQL.Transport;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>Runs one GraphQL request with the server's limits; shared by HTTP and WebSocket transports.</summary>
public sealed class GraphQLExecutor(IDocumentExecuter<ISchema> executer, GraphQLHttpSettings settings)
{
    public Task<ExecutionResult> ExecuteAsync(
        GraphQLHttpRequest request,
        GraphQLParser.AST.GraphQLDocument? document,
        IServiceProvider services,
        ClaimsPrincipal user,
        CancellationToken cancellationToken) =>
        executer.ExecuteAsync(new ExecutionOptions
        {
            Query = request.Query,
            Document = document,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            RequestServices = services,
            User = user,
            CancellationToken = cancellationToken,
            Timeout = settings.ExecutionTimeout,
            TimeoutAction = TimeoutAction.ReturnTimeoutError,
        });
}
