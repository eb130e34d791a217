using GraphQL;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.GraphQL.Transport;

/// <summary>
/// One GraphQL request as read from HTTP (the spec's query, operationName, variables, extensions,
/// and the persisted-documents proposal's documentId). <see cref="Query"/> is empty when the
/// request names a persisted document instead, until <see cref="Execution.PersistedDocuments"/> resolves it.
/// </summary>
public sealed record GraphQLHttpRequest(string Query, string? OperationName, Inputs? Variables, Inputs? Extensions, string? DocumentId = null)
{
    /// <summary>True when the request names a persisted document (documentId or the APQ extension).</summary>
    public bool NamesPersistedDocument => DocumentId is not null || Extensions?.ContainsKey("persistedQuery") == true;
}

/// <summary>A request that is not well-formed GraphQL-over-HTTP: answered with this status and message.</summary>
public sealed record HttpProblem(int StatusCode, string Message, string Code = ErrorCodes.BadRequest, string? Allow = null, int? RetryAfterSeconds = null);
