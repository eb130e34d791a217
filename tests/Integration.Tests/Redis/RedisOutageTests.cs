using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Son1kVers3.Integration.Tests.Support;
using Xunit.Abstractions;

namespace Son1kVers3.Integration.Tests.Redis;

/// <summary>
/// A server on a Redis of the test's own, killed by its PID mid-test: the server keeps serving
/// (no request waits on Redis), limits still apply, /health says so, and events flow again once
/// Redis is back.
/// </summary>
[Collection(ApiCollection.Name)]
public class RedisOutageTests(ApiFactory api, ITestOutputHelper output)
{
    [Fact]
    public async Task WithRedisDead_CreateGenerationAnswersWellUnderASecond_AndQueriesStillWork()
    {
        await using var redis = await RedisProcess.StartAsync();
        await using var server = api.With(("REDIS_URL", redis.Url));
        var client = server.CreateClient();
        var user = await client.RegisterAsync();
        await client.CreateOkAsync(user.AccessToken, new { model = "V5", prompt = "warm-up while Redis is up" }); // a first call pays for JIT

        redis.Kill();
        var timings = new List<long>();
        var ids = new List<string>();
        foreach (var model in new[] { "V5", "V3_5", "V3_5" })
        {
            var watch = Stopwatch.StartNew();
            var created = await client.CreateOkAsync(user.AccessToken, new { model, prompt = "while Redis is down" });
            timings.Add(watch.ElapsedMilliseconds);
            ids.Add(created["id"]!.GetValue<string>());
        }

        var read = await client.PostAsAsync(user.AccessToken, "query($id: ID!) { generation(id: $id) { status } me { email } tokenPool { date } }", new { id = ids[0] });
        output.WriteLine($"createGeneration with Redis dead: {string.Join(", ", timings)} ms");
        Assert.All(timings, ms => Assert.True(ms < 1000, $"createGeneration took {ms} ms with Redis dead"));
        Assert.Null(read.Errors);
        Assert.Equal("PENDING", read.Data!["generation"]!["status"]!.GetValue<string>());
        Assert.NotNull(read.Data["tokenPool"]!["date"]);
    }

    [Fact]
    public async Task WithRedisDead_RateLimitsStillApply_InTheInstancesMemory()
    {
        await using var redis = await RedisProcess.StartAsync();
        await using var server = api.With(("REDIS_URL", redis.Url), ("RATE_LIMIT_REQUESTS_PER_MINUTE", "5"));
        var client = server.CreateClient();
        _ = await client.GetHealthAsync(); // started

        redis.Kill();
        await RateLimitWindow.AwayFromItsEndAsync();
        var address = $"203.0.113.{Random.Shared.Next(1, 255)}";
        var responses = new List<GraphQLResponse>();
        for (var i = 0; i < 8; i++)
        {
            responses.Add(await client.PostAsAsync(null, "{ plans { tier } }", forwardedFor: address));
        }

        Assert.Equal(5, responses.Count(r => r.Status == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, responses[^1].Status);
        Assert.Equal("RATE_LIMITED", responses[^1].FirstErrorCode);
    }

    [Fact]
    public async Task WithRedisDead_HealthIs200Degraded_NamingRedis_AndCountsDroppedEvents()
    {
        await using var redis = await RedisProcess.StartAsync();
        await using var server = api.With(("REDIS_URL", redis.Url), ("REDIS_PUBLISH_QUEUE_SIZE", "1"));
        var client = server.CreateClient();
        var user = await client.RegisterAsync();
        Assert.Equal("Healthy", (await client.GetHealthAsync()).Body.CheckStatus("redis"));

        redis.Kill();
        // Each create publishes two events (the pool, the generation): four events for a queue of one.
        await client.CreateOkAsync(user.AccessToken, new { model = "V5", prompt = "one" });
        await client.CreateOkAsync(user.AccessToken, new { model = "V3_5", prompt = "two" });
        var (status, health) = await client.GetHealthAsync();

        output.WriteLine(health.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Degraded", health["status"]!.GetValue<string>());
        Assert.Equal("Degraded", health.CheckStatus("redis"));
        Assert.Contains("Redis", health["checks"]!["redis"]!["description"]!.GetValue<string>());
        Assert.Equal("Healthy", health.CheckStatus("postgres"));
        Assert.True(health["checks"]!["redis"]!["data"]!["droppedEvents"]!.GetValue<long>() >= 2, health.ToJsonString());
    }

    [Fact]
    public async Task WhenRedisComesBack_EventsFlowAgain_AndWhatWasQueuedMeanwhileIsSent()
    {
        await using var redis = await RedisProcess.StartAsync();
        await using var server = api.With([("REDIS_URL", redis.Url), .. Support.Generations.FastWorker, ("SIMULATOR_STAGE_MS", "300")]);
        var client = server.CreateClient();
        var user = await client.RegisterAsync();

        redis.Kill();
        var duringOutage = await client.CreateOkAsync(user.AccessToken, new { model = "V5", prompt = "made while Redis was down" });
        await client.WaitForAsync(user.AccessToken, duringOutage["id"]!.GetValue<string>(), "COMPLETED");
        await redis.StartAgainAsync();
        await client.WaitForCheckAsync("redis", "Healthy");

        await using var ws = await WsClient.InitAsync(server, user.AccessToken);
        var created = await client.CreateOkAsync(user.AccessToken, new { model = "V3_5", prompt = "made after Redis came back" });
        await ws.SubscribeAsync("g", "subscription($id: ID!) { generationUpdated(id: $id) { status } }", new { id = created["id"]!.GetValue<string>() });
        var statuses = new List<string>();
        while (await ws.ReceiveAsync(20000) is { } message && message["type"]!.GetValue<string>() == "next")
        {
            statuses.Add(message["payload"]!["data"]!["generationUpdated"]!["status"]!.GetValue<string>());
        }

        var health = await WaitForEmptyQueueAsync(client);
        Assert.Equal("COMPLETED", statuses[^1]);
        Assert.True(statuses.Count >= 2, "only the state at subscribe time arrived: " + string.Join(",", statuses));
        Assert.Equal(0, health["checks"]!["redis"]!["data"]!["droppedEvents"]!.GetValue<long>());
    }

    private static async Task<JsonNode> WaitForEmptyQueueAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var (_, health) = await client.GetHealthAsync();
            if (health["checks"]!["redis"]!["data"]!["queuedEvents"]!.GetValue<int>() == 0 || DateTime.UtcNow > deadline)
            {
                return health;
            }

            await Task.Delay(100);
        }
    }
}
