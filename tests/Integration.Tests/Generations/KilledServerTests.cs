using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Son1kVers3.Infrastructure.Persistence;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Generations;

/// <summary>Real server processes: one is killed (SIGKILL) mid-song, another finishes the job.</summary>
[Collection(ApiCollection.Name)]
public class KilledServerTests(ApiFactory api)
{
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
