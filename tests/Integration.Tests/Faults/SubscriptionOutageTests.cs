using Npgsql;
using Son1kVers3.Benchmarks.Faults;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Faults;

/// <summary>
/// Live subscriptions outlive a dependency outage: across a Redis restart (a throwaway
/// redis-server killed and started again on its port) and across a PostgreSQL cut (a TCP proxy in
/// front of the shared PostgreSQL), the socket gets no error and no complete, and what changed
/// meanwhile arrives once the dependency is back.
/// </summary>
[Collection(ApiCollection.Name)]
public class SubscriptionOutageTests(ApiFactory api)
{
    [Fact]
    public async Task AGenerationFinishedWhileRedisWasDown_ReachesItsWatcher_OnceRedisIsBack()
    {
        await using var redis = await RedisProcess.StartAsync();
        await using var server = api.With(("REDIS_URL", redis.Url));
        var client = server.CreateClient();
        var user = await client.RegisterAsync();
        var id = (await client.CreateOkAsync(user.AccessToken, new { model = "V5", prompt = "finished during a Redis outage" }))["id"]!.GetValue<string>();
        await using var ws = await WsClient.InitAsync(server, user.AccessToken);
        await ws.SubscribeAsync("g", "subscription($id: ID!) { generationUpdated(id: $id) { status } }", new { id });
        Assert.Equal("PENDING", StatusOf(await ws.ReceiveAsync()));
        var next = ws.ReceiveAsync(60_000);

        redis.Kill();
        await client.WaitForCheckAsync("redis", "Degraded");
        await ExecuteAsync("UPDATE generations SET status = 'Completed', updated_at = now() WHERE id = @id", Seed.IdOf(id));
        await Task.Delay(1000);
        Assert.False(next.IsCompleted, "the subscription ended during the outage");
        var restarted = DateTime.UtcNow;
        await redis.StartAgainAsync();

        var delivered = await next;
        Assert.Equal("COMPLETED", StatusOf(delivered));
        Assert.True(DateTime.UtcNow - restarted < TimeSpan.FromSeconds(20), $"took {DateTime.UtcNow - restarted}");
        Assert.Equal("complete", (await ws.ReceiveAsync())!["type"]!.GetValue<string>()); // final state: the stream ends normally
    }

    [Fact]
    public async Task APoolSubscription_OpenAcrossAPostgresCut_GoesOnAndDeliversTheChangeMadeMeanwhile()
    {
        await using var proxy = TcpCutProxy.InFrontOfDatabase(api.ConnectionString, out var proxied);
        await using var server = api.With(("DATABASE_URL", proxied));
        var other = api.CreateClient(); // another instance, on PostgreSQL directly
        var user = await other.RegisterAsync();
        await using var ws = await WsClient.InitAsync(server);
        await ws.SubscribeAsync("pool", "subscription { tokenPoolUpdated { free { reserved } paid { reserved } } }");
        var before = ReservedOf(await ws.ReceiveAsync());
        var next = ws.ReceiveAsync(60_000);

        proxy.Cut();
        await other.CreateOkAsync(user.AccessToken, new { model = "V5", prompt = "created while the watcher's PostgreSQL is away" });
        await Task.Delay(2000); // the watcher's read fails and waits
        Assert.False(next.IsCompleted, "the subscription ended during the outage");
        proxy.Restore();

        var delivered = await next;
        Assert.Equal("next", delivered!["type"]!.GetValue<string>());
        Assert.Equal(before + 1, ReservedOf(delivered));
    }

    [Fact]
    public async Task ASubscribeMadeWhilePostgresIsCut_EndsWithServiceUnavailable_AndRetryAfter()
    {
        await using var proxy = TcpCutProxy.InFrontOfDatabase(api.ConnectionString, out var proxied);
        await using var server = api.With(("DATABASE_URL", proxied));
        await using var ws = await WsClient.InitAsync(server);

        proxy.Cut();
        await ws.SubscribeAsync("pool", "subscription { tokenPoolUpdated { free { reserved } } }");
        var message = (await ws.ReceiveAsync(30_000))!;

        Assert.Equal("error", message["type"]!.GetValue<string>());
        Assert.Equal("SERVICE_UNAVAILABLE", message["payload"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Equal(5, message["payload"]![0]!["extensions"]!["retryAfterSeconds"]!.GetValue<int>());
    }


    private static string? StatusOf(System.Text.Json.Nodes.JsonNode? message) =>
        message?["payload"]?["data"]?["generationUpdated"]?["status"]?.GetValue<string>() ?? message?.ToJsonString();

    private static int ReservedOf(System.Text.Json.Nodes.JsonNode? message)
    {
        var pool = message!["payload"]!["data"]!["tokenPoolUpdated"]!;
        return pool["free"]!["reserved"]!.GetValue<int>() + pool["paid"]!["reserved"]!.GetValue<int>();
    }

    private async Task ExecuteAsync(string sql, Guid id)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
