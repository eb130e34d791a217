using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Accounts;

/// <summary>
/// The per-instance caches behind an authenticated request (the user's row, security stamp and
/// session, 10 s each) never make a request in use wait for PostgreSQL when their entries come to
/// an end, and never let concurrent requests of one user read the same thing once each: before,
/// the 32 requests of one user that missed together at the end of each 10 s made 32 reads of each,
/// and the first such miss grew the connection pool from 3 to 33 connections in one go (the first
/// measured round of `./bench.sh compare`'s me { usage }: p99 251 ms).
/// </summary>
[Collection(ApiCollection.Name)]
public class MeCacheReadAheadTests(ApiFactory api)
{
    private const string Me = "{ me { tier usage { generations { used } } } }";
    private const int ReadsOfAColdRequest = 3; // the user's row, the security stamp, the session

    [Fact]
    public async Task AUserInUse_IsReadAgainAheadOfItsCachesExpiry_SoTheFirstRequestAfterTheirLifetime_SendsNoCommandToPostgreSql()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var server = api.WithClock(clock, ("PASSWORD_HASH_ITERATIONS", "1000"));
        var client = server.CreateClient();
        var session = await client.RegisterAsync();
        await client.PostAsAsync(session.AccessToken, Me); // cached for 10 s from now

        clock.Advance(TimeSpan.FromSeconds(8));
        using (var ahead = NpgsqlCommandCounter.OfThisFlow())
        {
            Assert.Equal("FREE", await TierInThisFlowAsync(client, session.AccessToken));
            Assert.True(await Eventually.ReadAsync(() => Task.FromResult(ahead.Count >= ReadsOfAColdRequest), true),
                $"no read ahead of expiry: {ahead.Count} command(s) ({string.Join(" | ", ahead.Statements)})");
            await Task.Delay(200); // each read is kept just after its command ends
        }

        clock.Advance(TimeSpan.FromSeconds(4)); // 12 s after the first reads: their entries would have expired
        using var after = NpgsqlCommandCounter.OfThisFlow();
        Assert.Equal("FREE", await TierInThisFlowAsync(client, session.AccessToken));
        Assert.True(after.Count == 0, $"the request waited for {after.Count} command(s): {string.Join(" | ", after.Statements)}");
    }

    [Fact]
    public async Task ConcurrentRequestsOfOneUser_ThatAllMissTheCaches_ShareOneReadOfEach()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var server = api.WithClock(clock, ("PASSWORD_HASH_ITERATIONS", "1000"));
        var client = server.CreateClient();
        var session = await client.RegisterAsync();
        await client.PostAsAsync(session.AccessToken, Me);
        clock.Advance(TimeSpan.FromSeconds(11)); // every entry of the user has expired

        using var start = new ManualResetEventSlim();
        var requests = Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            using var counter = NpgsqlCommandCounter.OfThisFlow();
            Assert.Equal("FREE", await TierInThisFlowAsync(client, session.AccessToken));
            return counter.Count;
        })).ToList();
        start.Set();

        Assert.Equal(ReadsOfAColdRequest, (await Task.WhenAll(requests)).Sum());
    }

    /// <summary>me's tier, asked within the current trace (traceparent), so the counter of this flow sees the server's commands for it.</summary>
    private static async Task<string?> TierInThisFlowAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query = Me }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("traceparent", $"00-{Activity.Current!.TraceId}-{Activity.Current.SpanId}-01");
        var body = JsonNode.Parse(await (await client.SendAsync(request)).Content.ReadAsStringAsync());
        return body?["data"]?["me"]?["tier"]?.GetValue<string>();
    }
}
