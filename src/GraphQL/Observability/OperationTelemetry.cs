using System.Diagnostics;
using System.Text.RegularExpressions;
using Son1kVers3.Application.Observability;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Transport;

namespace Son1kVers3.GraphQL.Observability;

/// <summary>
/// Starts the telemetry of one GraphQL operation, over HTTP or WebSocket alike: a span on the
/// "Son1kVers3.GraphQL" activity source (current while the operation runs and its answer is
/// written, so errors carry its trace id), then the operation metrics when it ends, and one log line
/// unless it was a fast success and GRAPHQL_ACCESS_LOG=failures (the default): those are counted by
/// the metrics, not logged one by one.
/// </summary>
public sealed partial class OperationTelemetry(AppMetrics metrics, ILogger<OperationTelemetry> logger, ObservabilitySettings settings)
{
    public const string ActivitySourceName = "Son1kVers3.GraphQL";

    /// <summary>The most of a document a log line carries.</summary>
    public const int MaxLoggedDocument = 2048;

    private static readonly ActivitySource Source = new(ActivitySourceName);

    /// <summary>
    /// Begins an operation. <paramref name="newTrace"/>: a trace of its own, linked to the current
    /// one (a WebSocket's operations would otherwise all share the trace of its upgrade request).
    /// </summary>
    public GraphQLOperationScope Start(string transport, GraphQLHttpRequest request, bool newTrace = false)
    {
        Activity? activity;
        if (newTrace && Activity.Current is { } connection)
        {
            Activity.Current = null;
            activity = Source.StartActivity("graphql", ActivityKind.Server, default(ActivityContext), links: [new ActivityLink(connection.Context)]);
        }
        else
        {
            activity = Source.StartActivity("graphql", newTrace ? ActivityKind.Server : ActivityKind.Internal);
        }

        activity?.SetTag("graphql.transport", transport);
        return new GraphQLOperationScope(this, transport, request, activity);
    }

    internal void Ended(GraphQLOperationScope operation, TimeSpan duration)
    {
        metrics.OperationEnded(operation.Name, operation.Type, operation.Outcome, duration);
        if (!settings.LogEveryOperation && operation.Outcome == GraphQLOperationScope.Ok && duration < settings.SlowOperation)
        {
            return;
        }

        logger.LogInformation(
            "GraphQL {OperationType} {OperationName} {Outcome} in {DurationMs} ms; errors [{ErrorCodes}]; user {UserId}; trace {TraceId}; via {Transport}; document: {Document}",
            operation.Type,
            operation.Name,
            operation.Outcome,
            Math.Round(duration.TotalMilliseconds, 1),
            string.Join(",", operation.ErrorCodes),
            operation.UserId?.ToString("N") ?? "anonymous",
            operation.TraceId,
            operation.Transport,
            DocumentForLog(operation.Document));
    }

    /// <summary>The document with every string literal replaced by "***" (a password written inline never reaches the log), at most 2 KB.</summary>
    public static string DocumentForLog(string? document) =>
        string.IsNullOrEmpty(document) ? "" : UnsafeText.ForLog(StringLiteral().Replace(document, "\"***\""), MaxLoggedDocument);

    [GeneratedRegex("\"\"\"(?:[^\"\\\\]|\\\\.|\"(?!\"\"))*(?:\"\"\"|$)|\"(?:[^\"\\\\\\n]|\\\\.)*(?:\"|$)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex StringLiteral();
}
