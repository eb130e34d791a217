using GraphQLParser.AST;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.GraphQL.Transport;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// Applies <see cref="RateLimitSettings"/> to one operation, over HTTP or WebSocket alike. Sensitive operations are counted
/// per occurrence in the document, so aliases or repeated fields cannot multiply attempts.
/// </summary>
public sealed class RequestRateLimits(IRateLimiter limiter, RateLimitSettings settings, Application.Observability.AppMetrics metrics)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>The limits for one operation from an address and user (HTTP requests and WebSocket subscribes alike).</summary>
    public async Task<OperationRefusal?> CheckAsync(
        string address, System.Security.Claims.ClaimsPrincipal user, GraphQLDocument? document, string? operationName, CancellationToken ct)
    {
        if (!settings.Enabled)
        {
            return null;
        }

        var checks = new List<(string Policy, string Key, int Hits, int Limit, TimeSpan Window, string What)>
        {
            ("address", $"addr:{address}", 1, settings.RequestsPerMinutePerAddress, Minute, "requests from your address"),
        };
        if (CurrentUser.IdOf(user) is { } userId)
        {
            checks.Add(("user", $"user:{userId:N}", 1, settings.RequestsPerMinutePerUser, Minute, "requests from your account"));
        }

        if (document is not null)
        {
            foreach (var (field, count) in RootFieldCounts(document, operationName).Where(f => settings.Operations.ContainsKey(f.Key)))
            {
                var (limit, window) = settings.Operations[field];
                checks.Add((field, $"op:{field}:{address}", count, limit, window, $"'{field}' attempts from your address"));
            }
        }

        foreach (var (policy, key, hits, limit, window, what) in checks)
        {
            var decision = await limiter.HitAsync(key, hits, limit, window, ct);
            if (!decision.Allowed)
            {
                metrics.RateLimited(policy);
                var seconds = (int)Math.Ceiling(decision.RetryAfter.TotalSeconds);
                return new OperationRefusal(
                    OperationRefusal.RateLimited, $"Too many {what} (at most {limit} per {Describe(window)}). Try again in {seconds} s.", seconds);
            }
        }

        return null;
    }

    /// <summary>How often each root field appears in the operation, through fragments too.</summary>
    public static Dictionary<string, int> RootFieldCounts(GraphQLDocument document, string? operationName)
    {
        var operation = ParsedDocumentCache.OperationOf(document, operationName);
        var fragments = document.Definitions.OfType<GraphQLFragmentDefinition>().ToDictionary(f => f.FragmentName.Name.StringValue);
        var counts = new Dictionary<string, int>();
        if (operation is not null)
        {
            Count(operation.SelectionSet, fragments, counts, []);
        }

        return counts;
    }

    private static void Count(GraphQLSelectionSet set, Dictionary<string, GraphQLFragmentDefinition> fragments, Dictionary<string, int> counts, HashSet<string> visited)
    {
        foreach (var selection in set.Selections)
        {
            switch (selection)
            {
                case GraphQLField field:
                    counts[field.Name.StringValue] = counts.GetValueOrDefault(field.Name.StringValue) + 1;
                    break;
                case GraphQLInlineFragment inline:
                    Count(inline.SelectionSet, fragments, counts, visited);
                    break;
                case GraphQLFragmentSpread spread when fragments.TryGetValue(spread.FragmentName.Name.StringValue, out var fragment)
                    && visited.Add(fragment.FragmentName.Name.StringValue):
                    Count(fragment.SelectionSet, fragments, counts, visited);
                    break;
            }
        }
    }

    private static string Describe(TimeSpan window) =>
        window.TotalHours >= 1 ? $"{window.TotalHours:0} hour(s)" : $"{window.TotalMinutes:0} minute(s)";
}
