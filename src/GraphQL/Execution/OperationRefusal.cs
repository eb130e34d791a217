namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// Why an operation was not run (rate limit, persisted-document rules, a transport's rules), the
/// same for every transport: HTTP answers it with a status (<see cref="Transport.HttpProblem.For"/>),
/// a WebSocket with an error message for the operation's id.
/// </summary>
/// <param name="RetryAfterSeconds">When the client may try again (rate limits).</param>
public sealed record OperationRefusal(string Code, string Message, int? RetryAfterSeconds = null)
{
    public const string BadRequest = "BAD_REQUEST";
    public const string RateLimited = "RATE_LIMITED";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string Unauthenticated = "UNAUTHENTICATED";
}
