using System.Diagnostics;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// The id that ties an error a client saw to the server's log lines: the W3C trace id of the
/// current activity (what OpenTelemetry exports), else ASP.NET Core's request identifier.
/// </summary>
public static class TraceIds
{
    public const string Extension = "traceId";

    public static string Current(HttpContext? context) =>
        Activity.Current is { } activity && activity.TraceId != default
            ? activity.TraceId.ToHexString()
            : context?.TraceIdentifier ?? "";
}
