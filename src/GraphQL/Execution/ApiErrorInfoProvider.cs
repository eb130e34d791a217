using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation;
using GraphQL.Validation.Errors.Custom;
using Son1kVers3.Domain.Common;
using Son1kVers3.Infrastructure.Faults;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// Every error a client sees has <c>extensions.code</c>, and nothing else from the server's
/// internals: no exception types, no stack traces; and with introspection off, no "Did you mean"
/// suggestions that would reveal the schema field by field.
/// </summary>
public sealed class ApiErrorInfoProvider(Transport.GraphQLHttpSettings settings, IHttpContextAccessor http)
    : ErrorInfoProvider(new ErrorInfoProviderOptions { ExposeExceptionDetails = false })
{
    private const string Suggestion = " Did you mean";

    public const string InternalServerError = ErrorCodes.InternalServerError;

    /// <summary>Put in an error's Data by a limit (RATE_LIMITED): shown as <c>extensions.retryAfterSeconds</c>.</summary>
    public const string RetryAfterSeconds = "retryAfterSeconds";

    public override ErrorInfo GetInfo(ExecutionError error)
    {
        if (error is UnhandledError && DependencyOutage.DependencyOf(error.InnerException) is { } dependency)
        {
            return new ErrorInfo
            {
                Message = DependencyOutage.MessageFor(dependency),
                Extensions = new Dictionary<string, object?>
                {
                    ["code"] = DependencyOutage.Code,
                    ["retryAfterSeconds"] = DependencyOutage.RetryAfterSeconds,
                    [TraceIds.Extension] = TraceIds.Current(http.HttpContext),
                },
            };
        }

        var info = base.GetInfo(error);
        var extensions = new Dictionary<string, object?> { ["code"] = CodeOf(error) };
        if (error is ValidationError { Number: { } rule })
        {
            extensions["specRule"] = rule;
        }

        if (error is not UnhandledError && error.Data.Count > 0)
        {
            // An error's own data (e.g. retryAfterSeconds) is part of its extensions, next to the code.
            foreach (System.Collections.DictionaryEntry entry in error.Data)
            {
                if (entry.Key is string name && name is not "code" and not "specRule" and not TraceIds.Extension)
                {
                    extensions[name] = entry.Value;
                }
            }
        }

        var message = info.Message;
        if (!settings.Introspection && error is ValidationError && message.IndexOf(Suggestion, StringComparison.Ordinal) is >= 0 and var at)
        {
            message = message[..at];
        }

        extensions[TraceIds.Extension] = TraceIds.Current(http.HttpContext);
        return new ErrorInfo { Message = message, Extensions = extensions };
    }

    public static string CodeOf(ExecutionError error) => error switch
    {
        SyntaxError => ErrorCodes.GraphQLParseFailed,
        InvalidVariableError => ErrorCodes.BadUserInput,
        ComplexityError => ErrorCodes.QueryTooComplex,
        NoIntrospectionError => ErrorCodes.IntrospectionDisabled,
        ValidationError => ErrorCodes.GraphQLValidationFailed,
        TimeoutError => ErrorCodes.Timeout,
        UnhandledError when DependencyOutage.DependencyOf(error.InnerException) is not null => DependencyOutage.Code,
        UnhandledError => InternalServerError,
        DocumentError => ErrorCodes.BadRequest,
        { Code: { Length: > 0 } code } when code.All(c => char.IsAsciiLetterUpper(c) || c == '_') => code,
        _ => InternalServerError,
    };
}
