using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Observability;

/// <summary>Issue 13: the Kubernetes probes. Live: the process answers. Ready: PostgreSQL answers and is migrated; Redis away only degrades.</summary>
[Collection(ApiCollection.Name)]
public class ProbeTests(ApiFactory api)
{
    [Fact]
    public async Task WithRedisStopped_LiveIs200_ReadyIs200Degraded_NamingRedis()
    {
        await using var redis = await RedisProcess.StartAsync();
        using var client = api.With(("REDIS_URL", redis.Url + "/1")).CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        redis.Kill();
        await client.WaitForCheckAsync("redis", "Degraded");
        var ready = await client.GetAsync("/health/ready");
        var readyBody = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
        var live = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", readyBody["status"]!.GetValue<string>());
        Assert.Equal(["redis"], readyBody["down"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task WithAMigrationMissing_ReadyIs503_NamingMigrations_WhileLiveIs200()
    {
        using var client = api.CreateClient();
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        var last = (string)(await new NpgsqlCommand("""SELECT migration_id FROM __ef_migrations_history ORDER BY migration_id DESC LIMIT 1""", connection).ExecuteScalarAsync())!;
        var version = (string)(await new NpgsqlCommand("""SELECT product_version FROM __ef_migrations_history ORDER BY migration_id DESC LIMIT 1""", connection).ExecuteScalarAsync())!;
        await new NpgsqlCommand($"""DELETE FROM __ef_migrations_history WHERE migration_id = '{last}'""", connection).ExecuteNonQueryAsync();
        HttpResponseMessage ready;
        HttpResponseMessage live;
        try
        {
            ready = await client.GetAsync("/health/ready");
            live = await client.GetAsync("/health/live");
        }
        finally
        {
            await new NpgsqlCommand($"""INSERT INTO __ef_migrations_history VALUES ('{last}', '{version}')""", connection).ExecuteNonQueryAsync();
        }

        var body = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(["migrations"], body["down"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }
}
