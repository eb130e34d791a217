using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Son1kVers3.Infrastructure.Persistence;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.WebSockets;

/// <summary>Generation progress seen live over a real WebSocket, across server instances and restarts.</summary>
[Collection(ApiCollection.Name)]
public class LiveProgressTests(ApiFactory api)
{
    private const string Watch = "subscription($id: ID!) { generationUpdated(id: $id) { id status tracks { streamAudioUrl durationSeconds } } }";

    private static async Task<List<JsonNode>> ReadUntilCompleteAsync(WsClient ws, string id, int timeoutMs = 20000)
    {
        var updates = new List<JsonNode>();
        while (await ws.ReceiveAsync(timeoutMs) is { } message)
        {
            Assert.Equal(id, message["id"]!.GetValue<string>());
            if (message["type"]!.GetValue<string>() == "complete")
            {
                return updates;
            }

            Assert.Equal("next", message["type"]!.GetValue<string>());
            updates.Add(message["payload"]!["data"]!["generationUpdated"]!);
        }

        throw new Xunit.Sdk.XunitException("The socket closed before the subscription completed");
    }

    private static string[] Statuses(IEnumerable<JsonNode> updates) => updates.Select(u => u["status"]!.GetValue<string>()).ToArray();

    [Fact]
    public async Task TheSimulatorsGeneration_IsSeenLive_FromPendingToCompleted_WithTwoPlayableTracks()
    {
        await using var server = api.With([.. Support.Generations.FastWorker, ("SIMULATOR_STAGE_MS", "400")]);
        var client = server.CreateClient();
        var user = await client.RegisterAsync();
        await using var ws = await WsClient.InitAsync(server, user.AccessToken);

        var created = await client.CreateOkAsync(user.AccessToken, new { model = "V5", prompt = "a live song" });
        await ws.SubscribeAsync("g", Watch, new { id = created["id"]!.GetValue<string>() });
        var updates = await ReadUntilCompleteAsync(ws, "g");

        var statuses = Statuses(updates);
        Assert.Equal("COMPLETED", statuses[^1]);
        Assert.Equal(statuses.OrderBy(Rank), statuses);
        Assert.Contains("STREAMING", statuses);
        var tracks = updates[^1]["tracks"]!.AsArray();
        Assert.Equal(2, tracks.Count);
        var audio = await client.GetAsync(new Uri(tracks[0]!["streamAudioUrl"]!.GetValue<string>()).PathAndQuery);
        Assert.Equal("audio/wav", audio.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task ASubscriberOnOneInstance_SeesTheWholeProgress_OfAGenerationWorkedOnAnother()
    {
        await using var front = api.With(("SIMULATOR_STAGE_MS", "400"));   // no worker: only serves the subscriber
        await using var back = api.With([.. Support.Generations.FastWorker, ("SIMULATOR_STAGE_MS", "400")]);
        _ = back.Server; // a factory's server starts on first use: start the working instance
        var client = front.CreateClient();
        var user = await client.RegisterAsync();
        await using var ws = await WsClient.InitAsync(front, user.AccessToken);

        var created = await client.CreateOkAsync(user.AccessToken, new { model = "V5", prompt = "across instances" });
        await ws.SubscribeAsync("g", Watch, new { id = created["id"]!.GetValue<string>() });
        var statuses = Statuses(await ReadUntilCompleteAsync(ws, "g"));

        Assert.Equal("COMPLETED", statuses[^1]);
        Assert.True(statuses.Length >= 3, string.Join(",", statuses));
        Assert.Equal(statuses.OrderBy(Rank), statuses);
    }

    [Fact]
    public async Task AServerStoppedMidGeneration_LeavesAJobThatAnotherCompletes_WithoutSubmittingAgain()
    {
        var settings = new[] { ("SIMULATOR_STAGE_MS", "600"), ("GENERATION_LEASE_SECONDS", "1") };
        var first = api.With([.. Support.Generations.FastWorker, .. settings]);
        var client = first.CreateClient();
        var user = await client.RegisterAsync();
        var created = await client.CreateOkAsync(user.AccessToken, new { model = "V5", prompt = "survives a restart" });
        var id = created["id"]!.GetValue<string>();
        var streaming = await client.WaitForAsync(user.AccessToken, id, "STREAMING");
        var taskBefore = await Seed.ProviderTaskIdAsync(api, id);

        await first.DisposeAsync(); // the instance goes away mid-song
        await using var second = api.With([.. Support.Generations.FastWorker, .. settings]);
        var after = second.CreateClient();
        var done = await after.WaitForAsync(user.AccessToken, id, "COMPLETED");

        Assert.Equal(2, done["tracks"]!.AsArray().Count);
        Assert.Equal(taskBefore, await Seed.ProviderTaskIdAsync(api, id));
        Assert.NotNull(streaming);
    }

    [Fact]
    public async Task MyGenerationUpdated_ReportsEveryGenerationOfTheUser_AndNoOneElses()
    {
        await using var server = api.With([.. Support.Generations.FastWorker, ("SIMULATOR_STAGE_MS", "200")]);
        var client = server.CreateClient();
        var (me, other) = (await client.RegisterAsync(), await client.RegisterAsync());
        await using var ws = await WsClient.InitAsync(server, me.AccessToken);
        await ws.SubscribeAsync("mine", "subscription { myGenerationUpdated { id status } }");
        await Task.Delay(300); // the subscription is in place

        await client.CreateOkAsync(other.AccessToken, new { model = "V5", prompt = "not mine" });
        var mine = await client.CreateOkAsync(me.AccessToken, new { model = "V5", prompt = "mine" });

        var seen = new List<string>();
        while (!seen.Contains("COMPLETED") && await ws.ReceiveAsync(20000) is { } message)
        {
            var update = message["payload"]!["data"]!["myGenerationUpdated"]!;
            Assert.Equal(mine["id"]!.GetValue<string>(), update["id"]!.GetValue<string>());
            seen.Add(update["status"]!.GetValue<string>());
        }

        Assert.Contains("COMPLETED", seen);
    }

    [Fact]
    public async Task TokenPoolUpdated_StartsWithTodaysFigures_AndFollowsNewClients()
    {
        await using var ws = await WsClient.InitAsync(api);
        await ws.SubscribeAsync("pool", "subscription { tokenPoolUpdated { uniqueClients free { capacity } } }");
        var first = (await ws.ReceiveAsync())!["payload"]!["data"]!["tokenPoolUpdated"]!;

        await api.CreateClient().PostAsync("mutation { registerClient(input: { installId: \"" + Guid.NewGuid() + "\" }) { newToday } }");

        var next = (await ws.ReceiveAsync())!["payload"]!["data"]!["tokenPoolUpdated"]!;
        Assert.Equal(first["uniqueClients"]!.GetValue<int>() + 1, next["uniqueClients"]!.GetValue<int>());
        Assert.Equal(first["free"]!["capacity"]!.GetValue<int>() + 7, next["free"]!["capacity"]!.GetValue<int>());
    }

    private static int Rank(string status) => status switch
    {
        "PENDING" => 0,
        "QUEUED" => 1,
        "GENERATING" => 2,
        "STREAMING" => 3,
        _ => 4,
    };
}
