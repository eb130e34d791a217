using System.Text.Json.Nodes;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Persisted;

/// <summary>
/// Apollo Client 4 (tests/clients/apollo.mjs) as an app runs it: HttpLink behind the
/// persisted-query link (hashed queries over GET) and GraphQLWsLink, against the real server.
/// </summary>
[Collection(ApiCollection.Name)]
public class ApolloClientTests(ApiFactory api)
{
    private const string Package = "clients";
    private const string Module = "@apollo/client";

    [Fact]
    public async Task ApolloClient4_RunsAQueryAMutationAndALiveSubscription_WithTheApqRoundTrip()
    {
        await api.ResetDataAsync(); // no trusted document from another test answers the first hash
        var (server, http, ws) = NodeScript.StartOnLoopback(api, [.. Support.Generations.FastWorker, ("SIMULATOR_STAGE_MS", "300")]);
        await using var _ = server;

        var lines = Parse(await NodeScript.RunAsync(Package, Module, "apollo.mjs", http, ws));

        var plans = Exchanges(lines, "Plans");
        Assert.True(plans.Count == 3, string.Join('\n', plans));
        Assert.Equal(("GET", false, "PERSISTED_QUERY_NOT_FOUND"), (Method(plans[0]), SentQuery(plans[0]), Codes(plans[0]).Single()));
        Assert.Equal(("POST", true, 0), (Method(plans[1]), SentQuery(plans[1]), Codes(plans[1]).Count));
        Assert.Equal(("GET", false, 0), (Method(plans[2]), SentQuery(plans[2]), Codes(plans[2]).Count));
        Assert.Equal("public, max-age=300", plans[2]["cacheControl"]!.GetValue<string>());
        Assert.Equal(["FREE", "PRO", "PREMIUM", "ENTERPRISE"], Step(lines, "query-again")["tiers"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.True(Step(lines, "mutation")["signedIn"]!.GetValue<bool>());
        var subscription = Step(lines, "subscription");
        var statuses = subscription["statuses"]!.AsArray().Select(s => s!.GetValue<string>()).ToList();
        Assert.Equal("COMPLETED", statuses[^1]);
        Assert.Contains("STREAMING", statuses);
        Assert.Equal(2, subscription["tracks"]!.GetValue<int>());
        // Server-side: the document Apollo registered is in the shared store, so another instance runs its hash alone.
        var stored = await api.CreateClient().PostPersistedAsync(plans[0]["hash"]!.GetValue<string>());
        Assert.Null(stored.Errors);
        Assert.Equal(4, stored.Data!["plans"]!.AsArray().Count);
    }

    [Fact]
    public async Task ApolloClient4_AgainstAPersistedOnlyServer_RunsEveryOperationOfItsGeneratedManifest_ByHashAlone()
    {
        await NodeScript.RunAsync(Package, "@apollo/generate-persisted-query-manifest",
            "node_modules/@apollo/generate-persisted-query-manifest/cli.js", "--config", "persisted-query-manifest.config.json");
        var manifest = Path.Combine(NodeScript.Folder(Package), "persisted-query-manifest.json");
        var import = await FailingServerProcess.RunCommandAsync(api, ["persisted", "import", manifest]);
        Assert.True(import.ExitCode == 0, import.Output);
        var (server, http, ws) = NodeScript.StartOnLoopback(api, [.. Support.Generations.FastWorker, ("SIMULATOR_STAGE_MS", "300"), ("GRAPHQL_PERSISTED_ONLY", "true")]);
        await using var _ = server;

        var lines = Parse(await NodeScript.RunAsync(Package, Module, "apollo.mjs", http, ws, manifest));

        var exchanges = lines.Where(l => l["http"] is not null).Select(l => l["http"]!).ToList();
        Assert.NotEmpty(exchanges);
        Assert.All(exchanges, e => Assert.True(!SentQuery(e) && Codes(e).Count == 0, e.ToJsonString()));
        Assert.Equal("COMPLETED", Step(lines, "subscription")["statuses"]!.AsArray()[^1]!.GetValue<string>());
        var text = await server.CreateClient().PostAsync("query Plans { plans { tier } }");
        Assert.Equal("PERSISTED_QUERY_REQUIRED", text.FirstErrorCode);
    }

    private static List<JsonNode> Parse(List<string> lines) => [.. lines.Select(l => JsonNode.Parse(l)!)];

    private static List<JsonNode> Exchanges(List<JsonNode> lines, string operation) =>
        [.. lines.Select(l => l["http"]).Where(h => h?["operationName"]?.GetValue<string>() == operation).Select(h => h!)];

    private static JsonNode Step(List<JsonNode> lines, string step) =>
        lines.FirstOrDefault(l => l["step"]?.GetValue<string>() == step) ?? throw new Xunit.Sdk.XunitException($"no step '{step}' in:\n{string.Join('\n', lines)}");

    private static string Method(JsonNode exchange) => exchange["method"]!.GetValue<string>();

    private static bool SentQuery(JsonNode exchange) => exchange["sentQuery"]!.GetValue<bool>();

    private static List<string> Codes(JsonNode exchange) => [.. exchange["codes"]!.AsArray().Select(c => c!.GetValue<string>())];
}
