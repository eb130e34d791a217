using Microsoft.Extensions.Logging;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Observability;

/// <summary>
/// Issue 15: GRAPHQL_ACCESS_LOG=failures (the default) logs every failed, refused or slow operation
/// with its trace id, and leaves fast successes to the metrics.
/// </summary>
[Collection(ApiCollection.Name)]
public class AccessLogPolicyTests(ApiFactory api)
{
    private const string OperationCategory = "Son1kVers3.GraphQL.Observability.OperationTelemetry";

    [Fact]
    public async Task WithFailuresOnly_AFailingOperationIsLoggedWithItsTrace_AndAFastSuccessIsNot()
    {
        var logs = new CapturedLogs();
        using var client = logs.On(api.With(("GRAPHQL_ACCESS_LOG", null), ("GRAPHQL_ACCESS_LOG_SLOW_MS", "60000")), LogLevel.Information).CreateClient();

        var ok = await client.PostAsync("query FastPlans { plans { tier } }");
        var failed = await client.PostAsync("query BrokenOne { noSuchField }");

        Assert.Null(ok.Errors);
        var operations = logs.Lines.Where(l => l.Category == OperationCategory).ToList();
        Assert.DoesNotContain(operations, l => l.StructuredValues.Contains("OperationName=FastPlans", StringComparison.Ordinal));
        var broken = Assert.Single(operations, l => l.StructuredValues.Contains("OperationName=BrokenOne", StringComparison.Ordinal));
        Assert.Contains("Outcome=rejected", broken.StructuredValues);
        Assert.Contains("ErrorCodes=GRAPHQL_VALIDATION_FAILED", broken.StructuredValues);
        Assert.Contains($"TraceId={failed.Errors![0]!["extensions"]!["traceId"]!.GetValue<string>()}", broken.StructuredValues);
    }

    [Fact]
    public async Task WithFailuresOnly_ASuccessSlowerThanTheThreshold_IsLogged()
    {
        var logs = new CapturedLogs();
        using var client = logs.On(api.With(("GRAPHQL_ACCESS_LOG", "failures"), ("GRAPHQL_ACCESS_LOG_SLOW_MS", "1")), LogLevel.Information).CreateClient();

        var registered = await client.RegisterAsync(); // hashes a password and writes rows: well over 1 ms

        Assert.NotNull(registered.AccessToken);
        var slow = Assert.Single(logs.Lines, l => l.Category == OperationCategory && l.StructuredValues.Contains("OperationType=mutation", StringComparison.Ordinal));
        Assert.Contains("Outcome=ok", slow.StructuredValues);
    }
}
