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
public sealed record HttpProblem(int StatusCode, string Message, string Code = ErrorCodes.BadRequest, string? Allow = null, int? RetryAfterSeconds = null)
{
    /// <summary>An operation's refusal over HTTP: its status from its code.</summary>
    public static HttpProblem For(Execution.OperationRefusal refusal) => refusal.Code switch
    {
        Execution.OperationRefusal.RateLimited => new(StatusCodes.Status429TooManyRequests, refusal.Message, refusal.Code, RetryAfterSeconds: refusal.RetryAfterSeconds),
        Execution.OperationRefusal.Unauthenticated => new(StatusCodes.Status401Unauthorized, refusal.Message, refusal.Code),
        Execution.OperationRefusal.MethodNotAllowed => new(StatusCodes.Status405MethodNotAllowed, refusal.Message, refusal.Code, Allow: "POST"),
        Execution.PersistedDocuments.NotFound => new(StatusCodes.Status200OK, refusal.Message, refusal.Code), // the APQ convention: the client retries with the text
        _ => new(StatusCodes.Status400BadRequest, refusal.Message, refusal.Code, RetryAfterSeconds: refusal.RetryAfterSeconds),
    };
}
