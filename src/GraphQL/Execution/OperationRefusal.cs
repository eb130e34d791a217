using Son1kVers3.Domain.Common;
namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// Why an operation was not run (rate limit, persisted-document rules, a transport's rules), the
/// same for every transport: HTTP answers it with a status (<see cref="Transport.HttpProblem.For"/>),
/// a WebSocket with an error message for the operation's id.
/// </summary>
/// <param name="RetryAfterSeconds">When the client may try again (rate limits).</param>
public sealed record OperationRefusal(string Code, string Message, int? RetryAfterSeconds = null)
{
    public const string BadRequest = ErrorCodes.BadRequest;
    public const string RateLimited = ErrorCodes.RateLimited;
    public const string MethodNotAllowed = ErrorCodes.MethodNotAllowed;
    public const string Unauthenticated = ErrorCodes.Unauthenticated;
}
