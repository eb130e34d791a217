using System.Diagnostics;
using Son1kVers3.Domain.Plans;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Generations;

/// <summary>One user's burst of mutations never starves the database pool that everyone's queries share.</summary>
[Collection(ApiCollection.Name)]
public sealed class IdempotencyAndContentionTests(ApiFactory api)
{
    private const string Download = "mutation($id: ID!) { downloadTrack(input: { trackId: $id }) { url errors { code } } }";
    private const string Share = "mutation($id: ID!) { shareGeneration(input: { generationId: $id }) { slug errors { code } } }";
    private static readonly TimeSpan CallBudget = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan AnonymousBudget = TimeSpan.FromMilliseconds(500);
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task SixtyConcurrentCreatesWithOneKey_MakeOneGeneration_EachAnsweredWithin2s_WhileAnonymousQueriesAnswerWithin500ms()
    {
        var warm = await _client.RegisterAsync();
        await _client.CreateOkAsync(warm.AccessToken, new { model = "V5", prompt = "warm the path", idempotencyKey = "warm" });
        var user = await _client.RegisterAsync();
        var input = new { model = "V5", prompt = "one song, many retries", idempotencyKey = "burst-" + Guid.NewGuid().ToString("N") };

        var (answers, slowestAnonymous) = await BurstAsync(60, _ => _client.CreateAsync(user.AccessToken, input));

        Assert.All(answers, a => Assert.True(a.Elapsed < CallBudget, $"a create took {a.Elapsed.TotalMilliseconds:F0} ms: {string.Join(", ", answers.Select(x => (int)x.Elapsed.TotalMilliseconds))}"));
        Assert.True(slowestAnonymous < AnonymousBudget, $"an anonymous tokenPool query took {slowestAnonymous.TotalMilliseconds:F0} ms during the burst");
        var created = answers.Select(a => a.Response.Data?["createGeneration"]?["generation"]?["id"]?.GetValue<string>()).OfType<string>().Distinct().ToList();
        Assert.Single(created);
        Assert.All(answers.Where(a => a.Response.Data?["createGeneration"]?["generation"] is null), a =>
            Assert.Contains(a.Response.FirstErrorCode ?? a.Response.Data?["createGeneration"]?["errors"]?[0]?["code"]?.GetValue<string>(), new[] { "TOO_MANY_IN_FLIGHT", "BUSY" }));
        var mine = await _client.PostAsAsync(user.AccessToken, "{ myGenerations { totalCount } }");
        Assert.Equal(1, mine.Data!["myGenerations"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task SixtyConcurrentDownloadsAndShares_EachAnsweredWithin2s_WithinQuota_WhileAnonymousQueriesAnswerWithin500ms()
    {
        var user = await _client.RegisterAsync();
        await Seed.SetTierAsync(api, user.Email, Tier.Pro);
        var generations = await Seed.CompletedGenerationsAsync(api, user.UserId, 6);
        var trackIds = new List<string>();
        foreach (var id in generations)
        {
            var g = await _client.GetAsync(user.AccessToken, Gid("Generation", id));
            trackIds.AddRange(g!["tracks"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()));
        }

        var (answers, slowestAnonymous) = await BurstAsync(60, i => i % 2 == 0
            ? _client.PostAsAsync(user.AccessToken, Download, new { id = trackIds[i / 2 % trackIds.Count] })
            : _client.PostAsAsync(user.AccessToken, Share, new { id = Gid("Generation", generations[i / 2 % generations.Length]) }));

        Assert.All(answers, a => Assert.True(a.Elapsed < CallBudget, $"a call took {a.Elapsed.TotalMilliseconds:F0} ms"));
        Assert.True(slowestAnonymous < AnonymousBudget, $"an anonymous tokenPool query took {slowestAnonymous.TotalMilliseconds:F0} ms during the burst");
        Assert.All(answers, a => Assert.True(a.Response.Errors is null || a.Response.FirstErrorCode == "TOO_MANY_IN_FLIGHT", a.Response.Body?.ToJsonString()));
        var usage = (await _client.PostAsAsync(user.AccessToken, "{ me { usage { downloads { used } shares { used } } } }")).Data!["me"]!["usage"]!;
        Assert.InRange(usage["downloads"]!["used"]!.GetValue<int>(), 1, 10);
        Assert.InRange(usage["shares"]!["used"]!.GetValue<int>(), 1, 5);
    }

    [Fact]
    public async Task AnIdempotencyKeyReusedWithAnotherInput_IsRefused_WhileTheSameInputReturnsTheFirstGeneration()
    {
        var user = await _client.RegisterAsync();
        var key = "key-" + Guid.NewGuid().ToString("N");
        var first = await _client.CreateOkAsync(user.AccessToken, new { model = "V5", prompt = "first song", idempotencyKey = key });

        var again = await _client.CreateOkAsync(user.AccessToken, new { model = "V5", prompt = "  first song ", idempotencyKey = key });
        var other = (await _client.CreateAsync(user.AccessToken, new { model = "V5", prompt = "another song", idempotencyKey = key })).Data!["createGeneration"]!;
        var otherModel = (await _client.CreateAsync(user.AccessToken, new { model = "V3_5", prompt = "first song", idempotencyKey = key })).Data!["createGeneration"]!;

        Assert.Equal(first["id"]!.GetValue<string>(), again["id"]!.GetValue<string>());
        Assert.Null(other["generation"]);
        Assert.Equal("IDEMPOTENCY_KEY_REUSED", other["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("IDEMPOTENCY_KEY_REUSED", otherModel["errors"]![0]!["code"]!.GetValue<string>());
        var usage = (await _client.PostAsAsync(user.AccessToken, "{ me { usage { generations { used } } } }")).Data!["me"]!["usage"]!;
        Assert.Equal(1, usage["generations"]!["used"]!.GetValue<int>());
    }

    [Fact]
    public async Task WhileAUsersTurnIsHeld_ADownloadAnswersBusyWithin2s_AndAMutationBeyondTheCapAnswersTooManyInFlightAtOnce()
    {
        await using var server = api.With(("GRAPHQL_MAX_INFLIGHT_MUTATIONS_PER_USER", "1"));
        var client = server.CreateClient();
        var user = await client.RegisterAsync();
        await Seed.SetTierAsync(api, user.Email, Tier.Pro);
        var generation = (await Seed.CompletedGenerationsAsync(api, user.UserId, 1))[0];
        var trackId = (await client.GetAsync(user.AccessToken, Gid("Generation", generation)))!["tracks"]![0]!["id"]!.GetValue<string>();
        await using var holder = new Npgsql.NpgsqlConnection(api.ConnectionString);
        await holder.OpenAsync();
        await using (var take = new Npgsql.NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended(@n, 0))", holder))
        {
            take.Parameters.AddWithValue("n", $"user-quota:{Seed.IdOf(user.UserId):N}");
            await take.ExecuteScalarAsync(); // another instance's download of this user, stuck mid-way
        }

        var waiting = Stopwatch.StartNew();
        var download = client.PostAsAsync(user.AccessToken, Download, new { id = trackId });
        await Task.Delay(300);
        var beyond = Stopwatch.StartNew();
        var second = await client.PostAsAsync(user.AccessToken, Share, new { id = Gid("Generation", generation) });
        beyond.Stop();
        var anonymous = Stopwatch.StartNew();
        var pool = await client.PostAsync("{ tokenPool { date } }");
        anonymous.Stop();
        var busy = await download;
        waiting.Stop();

        Assert.Equal("TOO_MANY_IN_FLIGHT", second.FirstErrorCode);
        Assert.Contains("retry", second.FirstErrorMessage);
        Assert.True(beyond.Elapsed < TimeSpan.FromMilliseconds(500), $"refused after {beyond.Elapsed.TotalMilliseconds:F0} ms");
        Assert.NotNull(pool.Data?["tokenPool"]);
        Assert.True(anonymous.Elapsed < AnonymousBudget, $"anonymous query took {anonymous.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal("BUSY", busy.Data!["downloadTrack"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.True(waiting.Elapsed < CallBudget, $"the download answered after {waiting.Elapsed.TotalMilliseconds:F0} ms");
    }

    private static string Gid(string type, Guid id) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{type}:{id:N}"));

    /// <summary>Sends <paramref name="count"/> calls at once while an anonymous client keeps asking for the pool; times both.</summary>
    private async Task<(IReadOnlyList<(GraphQLResponse Response, TimeSpan Elapsed)> Answers, TimeSpan SlowestAnonymous)> BurstAsync(int count, Func<int, Task<GraphQLResponse>> call)
    {
        await _client.PostAsync("{ tokenPool { date } }"); // warm
        // Client and server share this process: enough threads that the burst's own callers cannot delay the anonymous one.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, count + 16), io);
        using var stop = new CancellationTokenSource();
        var slowest = TimeSpan.Zero;
        var anonymous = Task.Run(async () =>
        {
            var anonymousClient = api.CreateClient();
            while (!stop.IsCancellationRequested)
            {
                var watch = Stopwatch.StartNew();
                var pool = await anonymousClient.PostAsync("{ tokenPool { date free { remaining } } }");
                Assert.NotNull(pool.Data?["tokenPool"]);
                slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
                await Task.Delay(20);
            }
        });

        var calls = Enumerable.Range(0, count).Select(async i =>
        {
            var watch = Stopwatch.StartNew();
            var response = await call(i);
            return (response, watch.Elapsed);
        }).ToList();
        var answers = await Task.WhenAll(calls);
        await Task.Delay(100);
        await stop.CancelAsync();
        await anonymous;
        return (answers, slowest);
    }
}
