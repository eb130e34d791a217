using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Son1kVers3.Infrastructure.Persistence;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Generations;

/// <summary>Real server processes sharing PostgreSQL and Redis: live progress across processes, and a SIGKILL mid-song.</summary>
[Collection(ApiCollection.Name)]
public class ServerProcessTests(ApiFactory api)
{
    [Fact]
    public async Task ASubscriberOnOneProcess_SeesTheWholeProgress_OfAGenerationWorkedOnAnotherProcess()
    {
        await using var front = await ServerProcess.StartAsync(api, ("SIMULATOR_STAGE_MS", "500")); // no worker
        await using var back = await ServerProcess.StartAsync(api, [.. Worker, ("SIMULATOR_STAGE_MS", "500")]);
        var user = await front.Client.RegisterAsync();
        var id = (await front.Client.CreateOkAsync(user.AccessToken, new { model = "V5", prompt = "across processes" }))["id"]!.GetValue<string>();
        await using var ws = await WsClient.ConnectAsync(new Uri($"ws://{front.Client.BaseAddress!.Authority}/graphql"), user.AccessToken);

        await ws.SubscribeAsync("g", "subscription($id: ID!) { generationUpdated(id: $id) { status } }", new { id });
        var statuses = new List<string>();
        while (await ws.ReceiveAsync(30000) is { } message && message["type"]!.GetValue<string>() == "next")
        {
            statuses.Add(message["payload"]!["data"]!["generationUpdated"]!["status"]!.GetValue<string>());
        }

        Assert.Equal("COMPLETED", statuses[^1]);
        Assert.Contains("STREAMING", statuses);
    }

    private static readonly (string, string)[] Worker =
    [
        ("GENERATION_WORKER_ENABLED", "true"), ("GENERATION_WORKER_IDLE_MS", "50"), ("GENERATION_FIRST_POLL_MS", "100"),
        ("GENERATION_POLL_INTERVAL_MS", "100"), ("GENERATION_MAX_POLL_INTERVAL_MS", "200"), ("GENERATION_LEASE_SECONDS", "2"),
        ("SIMULATOR_STAGE_MS", "1500"),
    ];

    [Fact]
    public async Task AServerKilledMidGeneration_LeavesAJobThatTheRestartedServerCompletes_WithoutResubmitting()
    {
        string userToken, id, taskBefore;
        await using (var first = await ServerProcess.StartAsync(api, Worker))
        {
            var user = await first.Client.RegisterAsync();
            userToken = user.AccessToken;
            id = (await first.Client.CreateOkAsync(userToken, new { model = "V5", prompt = "survives a kill -9" }))["id"]!.GetValue<string>();
            await first.Client.WaitForAsync(userToken, id, "GENERATING");
            taskBefore = (await Seed.ProviderTaskIdAsync(api, id))!;

            first.Kill();
        }

        await using var second = await ServerProcess.StartAsync(api, Worker);
        var done = await second.Client.WaitForAsync(userToken, id, "COMPLETED", seconds: 30);

        Assert.Equal(2, done["tracks"]!.AsArray().Count);
        Assert.Equal(taskBefore, await Seed.ProviderTaskIdAsync(api, id));
        Assert.Equal(["Reserve", "Commit"], await Seed.MovementsAsync(api, id));
    }
}
