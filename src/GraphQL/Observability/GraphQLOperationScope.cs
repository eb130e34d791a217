using System.Diagnostics;
using System.Security.Claims;
using GraphQL;
using GraphQLParser.AST;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Transport;

namespace Son1kVers3.GraphQL.Observability;

/// <summary>
/// One GraphQL operation under way: named once its document is parsed, given its outcome (ok,
/// error, rejected; "aborted" when it ended without one), and reported when disposed.
/// </summary>
public sealed class GraphQLOperationScope : IDisposable
{
    private const string Anonymous = "anonymous";

    /// <summary>The outcome of an operation that ran without any error.</summary>
    public const string Ok = "ok";

    private readonly OperationTelemetry _owner;
    private readonly Activity? _activity;
    private readonly long _started = Stopwatch.GetTimestamp();
    private bool _ended;

    internal GraphQLOperationScope(OperationTelemetry owner, string transport, GraphQLHttpRequest request, Activity? activity)
    {
        _owner = owner;
        _activity = activity;
        Transport = transport;
        Document = request.Query;
        TraceId = (activity ?? Activity.Current)?.TraceId.ToString() ?? "";
    }

    public string Transport { get; }

    public string? Document { get; }

    public string TraceId { get; }

    public string Name { get; private set; } = Anonymous;

    /// <summary>query, mutation, subscription; "unknown" until the document is parsed.</summary>
    public string Type { get; private set; } = "unknown";

    public string Outcome { get; private set; } = "aborted";

    public IReadOnlyList<string> ErrorCodes { get; private set; } = [];

    public Guid? UserId { get; private set; }

    /// <summary>Names the operation after the one the request selects in the parsed document.</summary>
    public void Describe(GraphQLDocument? document, string? operationName)
    {
        var operation = document is null ? null : ParsedDocumentCache.OperationOf(document, operationName);
        if (operation is null)
        {
            return;
        }

        Name = operation.Name?.StringValue is { Length: > 0 } name ? name : Anonymous;
        Type = operation.Operation.ToString().ToLowerInvariant();
        if (_activity is not null)
        {
            _activity.DisplayName = $"{Type} {Name}";
            _activity.SetTag("graphql.operation.name", Name);
            _activity.SetTag("graphql.operation.type", Type);
        }
    }

    /// <summary>The user the operation ran as (its id only: never an email or a token).</summary>
    public void RunsAs(ClaimsPrincipal? user) => UserId = CurrentUser.IdOf(user);

    /// <summary>The outcome from the result: rejected when nothing ran, error when any error came back, else ok.</summary>
    public void Complete(ExecutionResult result)
    {
        var codes = result.Errors?.Select(ApiErrorInfoProvider.CodeOf).Distinct().ToList() ?? [];
        End(!result.Executed ? "rejected" : codes.Count > 0 ? "error" : Ok, codes);
    }

    /// <summary>Answered without errors (from the public answer cache: nothing executed).</summary>
    public void Succeed() => End(Ok, []);

    /// <summary>Refused before it ran (authentication, rate limit, transport rules).</summary>
    public void Reject(string code) => End("rejected", [code]);

    private void End(string outcome, IReadOnlyList<string> codes)
    {
        Outcome = outcome;
        ErrorCodes = codes;
        if (_activity is not null)
        {
            _activity.SetTag("graphql.outcome", outcome);
            if (codes.Count > 0)
            {
                _activity.SetTag("graphql.error.codes", string.Join(",", codes));
                _activity.SetStatus(ActivityStatusCode.Error, string.Join(",", codes));
            }
        }
    }

    public void Dispose()
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        _activity?.Stop();
        _owner.Ended(this, Stopwatch.GetElapsedTime(_started));
        _activity?.Dispose();
    }
}
