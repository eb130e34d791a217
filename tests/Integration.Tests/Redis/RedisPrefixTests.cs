using System.Net;
using Microsoft.Extensions.Configuration;
using Son1kVers3.Application.Common;
using Son1kVers3.Infrastructure.Redis;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Redis;

/// <summary>Two deployments on one Redis (the tests' own) keep apart by REDIS_PREFIX.</summary>
[Collection(ApiCollection.Name)]
public class RedisPrefixTests(ApiFactory api)
{
    private const string WatchPool = "subscription { tokenPoolUpdated { uniqueClients } }";
    private const string NewClient = "mutation($id: String!) { registerClient(input: { installId: $id }) { newToday } }";

    [Fact]
    public async Task TwoDeploymentsWithDifferentPrefixes_DoNotHearEachOthersEvents()
    {
        var (mine, theirs) = (Prefix("mine"), Prefix("theirs"));
        await using var watched = api.With(("REDIS_PREFIX", mine));
        await using var sameDeployment = api.With(("REDIS_PREFIX", mine));
        await using var otherDeployment = api.With(("REDIS_PREFIX", theirs));
        await using var ws = await WsClient.InitAsync(watched);
        await ws.SubscribeAsync("pool", WatchPool);
        await ws.ReceiveAsync(); // today's figures

        var next = ws.ReceiveAsync(20000);

        await otherDeployment.CreateClient().PostAsync(NewClient, new { id = Guid.NewGuid().ToString() });
        var heardFromOther = await Task.WhenAny(next, Task.Delay(1500)) == next;
        await sameDeployment.CreateClient().PostAsync(NewClient, new { id = Guid.NewGuid().ToString() });
        var heardFromSame = await next;

        Assert.False(heardFromOther, "the other deployment's event arrived");
        Assert.Equal("next", heardFromSame?["type"]?.GetValue<string>());
    }

    [Fact]
    public async Task TwoDeploymentsWithDifferentPrefixes_KeepTheirOwnRateLimitCounters()
    {
        await using var mine = api.With(("REDIS_PREFIX", Prefix("mine")), ("RATE_LIMIT_REQUESTS_PER_MINUTE", "3"));
        await using var theirs = api.With(("REDIS_PREFIX", Prefix("theirs")), ("RATE_LIMIT_REQUESTS_PER_MINUTE", "3"));
        var (mineClient, theirsClient) = (mine.CreateClient(), theirs.CreateClient());
        var address = $"192.0.2.{Random.Shared.Next(1, 255)}";
        await RateLimitWindow.AwayFromItsEndAsync();

        var statuses = new List<HttpStatusCode>();
        foreach (var client in new[] { mineClient, mineClient, mineClient, theirsClient, theirsClient, theirsClient, mineClient })
        {
            statuses.Add((await client.PostAsAsync(null, "{ plans { tier } }", forwardedFor: address)).Status);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 6), HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public void ThePrefix_DefaultsToTheDatabaseName()
    {
        var settings = Reader(("REDIS_URL", "redis://127.0.0.1:6379/3"));

        var redis = RedisSettings.Read(settings, "son1kvers3_staging");

        Assert.Empty(settings.Errors);
        Assert.Equal("son1kvers3_staging", redis.Prefix);
        Assert.Equal("son1kvers3_staging:ratelimit:x", (string)redis.Key("ratelimit:x")!);
        Assert.Equal("son1kvers3_staging:pool", redis.Channel("pool").ToString());
        Assert.Equal("my_db_", RedisSettings.PrefixFor("my db!"));
    }

    [Fact]
    public void AMalformedPrefix_IsNamed()
    {
        var settings = Reader(("REDIS_PREFIX", "two words"));

        RedisSettings.Read(settings, "son1kvers3");

        Assert.StartsWith("REDIS_PREFIX must be 1 to 64 letters", Assert.Single(settings.Errors));
    }

    private static string Prefix(string name) => $"{name}-{Guid.NewGuid():N}";

    private static SettingsReader Reader(params (string Key, string Value)[] values) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build());
}
