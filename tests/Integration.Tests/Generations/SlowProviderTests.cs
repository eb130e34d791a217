using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Generations;

/// <summary>
/// Two live server processes, a lease of 6 s and a provider that takes its time: a job stays
/// with the instance working on it, so every song the provider makes ends COMPLETED, submitted
/// once and charged once. The lease is 6 s, not shorter: on a loaded 2-core CI machine a 4 s lease
/// once lost a renewal (two processes starting and JIT-compiling at once delayed the heartbeat by more
/// than its 2.7 s margin), and the job was submitted twice.
/// </summary>
[Collection(ApiCollection.Name)]
public class SlowProviderTests(ApiFactory api)
{
    private const int CreatesPerUser = 2;

    [Fact]
    public async Task TwoInstances_WithAProviderSlowerThanHalfTheLease_CompleteAll24Songs_EachSubmittedAndChargedOnce() =>
        await BurstAsync(count: 24, submitDelayMs: 3750, pollDelayMs: 2250, seconds: 90);

    [Fact]
    public async Task TwoInstances_WithEveryProviderAnswerSlowerThanTheLease_StillCompleteEverySong_EachSubmittedAndChargedOnce() =>
        await BurstAsync(count: 4, submitDelayMs: 9000, pollDelayMs: 7000, seconds: 90);

    private async Task BurstAsync(int count, int submitDelayMs, int pollDelayMs, int seconds)
    {
        await api.ResetDataAsync(); // only this test's jobs in the table (another test's leftover would reach this provider)
        using var provider = new SlowSunoFake(submitDelayMs, pollDelayMs);
        (string, string)[] settings =
        [
            .. provider.Settings, ("GENERATION_WORKER_ENABLED", "true"), ("GENERATION_LEASE_SECONDS", "6"),
            ("GENERATION_FIRST_POLL_MS", "100"), ("GENERATION_POLL_INTERVAL_MS", "100"), ("GENERATION_MAX_POLL_INTERVAL_MS", "200"),
            ("RATE_LIMIT_USER_REQUESTS_PER_MINUTE", "100000"), // the test watches 24 songs closely
        ];
        var front = api.CreateClient(); // no worker: the songs wait as a backlog until both instances start together
        var poolBefore = await FreePoolAsync(front);
        var users = new List<SignedIn>();
        for (var i = 0; i < count / CreatesPerUser; i++)
        {
            users.Add(await front.RegisterAsync());
        }

        var prompts = Enumerable.Range(0, count).Select(i => $"slow-{Guid.NewGuid():N}"[..14] + $"-{i:D2}").ToArray();
        var created = await Task.WhenAll(prompts.Select((prompt, i) => front.CreateOkAsync(users[i / CreatesPerUser].AccessToken, new { model = "V5", prompt })));
        var ids = created.Select(g => g["id"]!.GetValue<string>()).ToArray();
        var instances = await Task.WhenAll(ServerProcess.StartAsync(api, settings), ServerProcess.StartAsync(api, settings));
        await using var a = instances[0];
        await using var b = instances[1];

        var finished = await Task.WhenAll(ids.Select((id, i) => a.Client.WaitForTerminalAsync(users[i / CreatesPerUser].AccessToken, id, seconds)));

        var statuses = finished.Select(g => g["status"]!.GetValue<string>()).ToList();
        Assert.True(statuses.All(s => s == "COMPLETED"), $"{statuses.Count(s => s == "FAILED")} of {count} FAILED: "
            + string.Join(" | ", finished.Where(g => g["status"]!.GetValue<string>() != "COMPLETED").Select(g => g["failureReason"]?.GetValue<string>()).Distinct()));
        Assert.All(finished, g => Assert.Equal(2, g["tracks"]!.AsArray().Count));
        Assert.Equal(prompts.Order(), provider.SubmittedPrompts().Order());
        foreach (var id in ids)
        {
            Assert.Equal(["Reserve", "Commit"], await Seed.MovementsAsync(api, id));
        }

        foreach (var user in users)
        {
            var usage = (await a.Client.PostAsAsync(user.AccessToken, "{ me { usage { generations { used } tokens { used } } } }")).Data!["me"]!["usage"]!;
            Assert.Equal((CreatesPerUser, CreatesPerUser), (usage["generations"]!["used"]!.GetValue<int>(), usage["tokens"]!["used"]!.GetValue<int>()));
        }

        var poolAfter = await FreePoolAsync(a.Client);
        Assert.Equal((poolBefore.Reserved, poolBefore.Used + count), poolAfter);
    }

    private static async Task<(int Reserved, int Used)> FreePoolAsync(HttpClient client)
    {
        var free = (await client.PostAsync("{ tokenPool { free { reserved used } } }")).Data!["tokenPool"]!["free"]!;
        return (free["reserved"]!.GetValue<int>(), free["used"]!.GetValue<int>());
    }
}
