using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation;
using GraphQL.Validation.Errors.Custom;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// Every error a client sees has <c>extensions.code</c>, and nothing else from the server's
/// internals: no exception types, no stack traces.
/// </summary>
public sealed class ApiErrorInfoProvider() : ErrorInfoProvider(new ErrorInfoProviderOptions { ExposeExceptionDetails = false })
{
    public const string InternalServerError = "INTERNAL_SERVER_ERROR";

    /// <summary>Put in an error's Data by a limit (RATE_LIMITED): shown as <c>extensions.retryAfterSeconds</c>.</summary>
    public const string RetryAfterSeconds = "retryAfterSeconds";

    public override ErrorInfo GetInfo(ExecutionError error)
    {
        var info = base.GetInfo(error);
        var extensions = new Dictionary<string, object?> { ["code"] = CodeOf(error) };
        if (error is ValidationError { Number: { } rule })
        {
            extensions["specRule"] = rule;
        }

        if (error.Data.Contains(RetryAfterSeconds) && error is not UnhandledError)
        {
            extensions[RetryAfterSeconds] = error.Data[RetryAfterSeconds];
        }

        if (info.Extensions?.TryGetValue("data", out var data) == true && error is not UnhandledError)
        {
            extensions["data"] = data;
        }

        return new ErrorInfo { Message = info.Message, Extensions = extensions };
    }

    public static string CodeOf(ExecutionError error) => error switch
    {
        SyntaxError => "GRAPHQL_PARSE_FAILED",
        InvalidVariableError => "BAD_USER_INPUT",
        ComplexityError => "QUERY_TOO_COMPLEX",
        NoIntrospectionError => "INTROSPECTION_DISABLED",
        ValidationError => "GRAPHQL_VALIDATION_FAILED",
        TimeoutError => "TIMEOUT",
        UnhandledError => InternalServerError,
        DocumentError => "BAD_REQUEST",
        { Code: { Length: > 0 } code } when code.All(c => char.IsAsciiLetterUpper(c) || c == '_') => code,
        _ => InternalServerError,
    };
}
