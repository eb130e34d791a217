using System.Net;
using System.Net.Http.Headers;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Observability;

/// <summary>Issue 13: /metrics in the Prometheus text format, with the server's own series after traffic.</summary>
[Collection(ApiCollection.Name)]
public class MetricsTests(ApiFactory api)
{
    private const string Token = "metrics-token-0123456789abcdef";

    [Fact]
    public async Task AfterTraffic_Metrics_ExposesOperationsByNameTypeOutcome_Durations_Http_WebSockets_RateLimits_AndRuntime()
    {
        var server = api.With(("RATE_LIMIT_LOGIN_PER_10_MINUTES", "1"));
        using var client = server.CreateClient();
        await client.PostAsync("query MetricsProbe { plans { tier } }");
        const string login = "mutation { login(input: { email: \"nobody@tests.son1kvers3.com\", password: \"wrong-password-1\" }) { errors { code } } }";
        await client.PostAsync(login);
        var limited = await client.PostAsync(login);
        await using (var ws = await WsClient.InitAsync(server))
        {
            await ws.SubscribeAsync("1", "query OverSocketProbe { plans { tier } }");
            await ws.ReceiveAsync();
        }

        var response = await client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("RATE_LIMITED", limited.FirstErrorCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(Series(text, "son1kvers3_graphql_operations_total"), l => l.Contains("operation=\"MetricsProbe\"") && l.Contains("type=\"query\"") && l.Contains("outcome=\"ok\""));
        Assert.Contains(Series(text, "son1kvers3_graphql_operation_duration_seconds_bucket"), l => l.Contains("operation=\"MetricsProbe\""));
        Assert.Contains(Series(text, "son1kvers3_graphql_operations_total"), l => l.Contains("operation=\"OverSocketProbe\""));
        Assert.NotEmpty(Series(text, "son1kvers3_websockets_open"));
        Assert.Contains(Series(text, "son1kvers3_ratelimit_rejections_total"), l => l.Contains("policy=\"login\""));
        Assert.NotEmpty(Series(text, "http_server_request_duration_seconds_bucket"));
        Assert.NotEmpty(Series(text, "dotnet_gc_collections_total"));
    }

    [Fact]
    public async Task AfterASong_Metrics_ExposesGenerationStates_ProviderLatency_Leases_PoolRemaining_AndEventsPublished()
    {
        await using var server = api.With([.. Support.Generations.FastWorker, ("SIMULATOR_STAGE_MS", "400"), ("GENERATION_LEASE_RENEW_MS", "100")]);
        var client = server.CreateClient();
        var user = await client.RegisterAsync();
        var created = await client.CreateOkAsync(user.AccessToken, new { model = "V5", prompt = "a song to be measured" });
        await client.WaitForAsync(user.AccessToken, created["id"]!.GetValue<string>(), "COMPLETED");

        var text = await client.GetStringAsync("/metrics");

        Assert.Contains(Series(text, "son1kvers3_generations_transitions_total"), l => l.Contains("state=\"completed\""));
        Assert.Contains(Series(text, "son1kvers3_provider_call_duration_seconds_bucket"), l => l.Contains("call=\"submit\"") && l.Contains("result=\"accepted\""));
        Assert.Contains(Series(text, "son1kvers3_provider_call_duration_seconds_bucket"), l => l.Contains("call=\"status\""));
        Assert.NotEmpty(Series(text, "son1kvers3_generation_leases_renewed_total"));
        Assert.Contains(Series(text, "son1kvers3_pool_remaining"), l => l.Contains("bucket=\"free\""));
        Assert.Contains(Series(text, "son1kvers3_events_published_total"), l => l.Contains("topic=\"generations\""));
    }

    [Fact]
    public async Task WithMetricsToken_Metrics_Is401WithoutTheBearerToken_And200WithIt()
    {
        using var client = api.With(("METRICS_TOKEN", Token)).CreateClient();

        var anonymous = await client.GetAsync("/metrics");
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Token + "x") } };
        var wrongToken = await client.SendAsync(wrong);
        using var right = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Token) } };
        var withToken = await client.SendAsync(right);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongToken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
        Assert.Contains("# TYPE", await withToken.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WithMetricsPort_Metrics_IsServedThereAndNotOnTheMainPort()
    {
        var metricsPort = ServerProcess.FreePort();
        await using var server = await ServerProcess.StartAsync(api, ("METRICS_PORT", metricsPort.ToString()));
        using var scraper = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}") };

        var onMain = await server.Client.GetAsync("/metrics");
        var onMetricsPort = await scraper.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, onMain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onMetricsPort.StatusCode);
        Assert.Contains("# TYPE", await onMetricsPort.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BadMetricsSettings_StopTheServer_NamingTheVariable()
    {
        var (exitCode, output) = await FailingServerProcess.RunUntilExitAsync(api, ("METRICS_TOKEN", "short"), ("LOG_FORMAT", "xml"));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("METRICS_TOKEN", output);
        Assert.Contains("LOG_FORMAT", output);
    }

    private static List<string> Series(string text, string name) =>
        text.Split('\n').Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal)).ToList();
}
