using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Son1kVers3.Benchmarks.Faults;
using Son1kVers3.Domain.Plans;

namespace Son1kVers3.Benchmarks.Scenarios;

/// <summary>
/// Issue 15's fan-out case: one server process, N graphql-ws sockets of one user, each subscribed
/// to tokenPoolUpdated and to one generationUpdated; one pool change (a new client), then one
/// generation change (a provider callback). Delivered count, latency from the trigger, and the
/// server's resident memory per socket (RSS growth while the sockets opened, divided by N).
/// </summary>
internal static class FanoutBenchmark
{
    private const string CallbackSecret = "bench-callback-secret";
    private static readonly TimeSpan DeliveryLimit = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(int subscribers)
    {
        var clock = Stopwatch.StartNew();
        await using var database = await BenchDatabase.CreateAsync();
        await using var redis = await RedisProcess.StartAsync(StormBenchmark.RedisPort());
        await using var server = await ServerProcess.StartAsync(Settings(database.ConnectionString, redis.Url));
        Console.WriteLine($"fanout: server up in {clock.Elapsed.TotalSeconds:0.0} s");

        var token = (await StormBenchmark.RegisterAsync(server.Client, 1))[0];
        await StormBenchmark.SetAllTiersAsync(database, Tier.Enterprise);
        var (generationId, taskId) = await CreateGenerationAsync(server.Client, database, token);

        var poolTimes = new long[subscribers];
        var generationTimes = new long[subscribers];
        var ready = new CountdownEvent(subscribers * 2);
        var opened = Stopwatch.StartNew();
        var before = server.ResidentBytes();
        var sockets = await BenchSocket.OpenManyAsync(subscribers, 64, async i =>
        {
            var seenPool = 0;
            var seenGeneration = false;
            var socket = await BenchSocket.OpenAsync(server.Port, token, (message, at) =>
            {
                switch (BenchSocket.Text(message, "id"))
                {
                    case "p" when BenchSocket.Text(message, "type") == "next":
                        if (Interlocked.Increment(ref seenPool) == 1)
                        {
                            ready.Signal();
                        }
                        else
                        {
                            Interlocked.CompareExchange(ref poolTimes[i], at, 0);
                        }

                        break;
                    case "g" when BenchSocket.Text(message, "type") == "next":
                        if (!seenGeneration)
                        {
                            seenGeneration = true;
                            ready.Signal();
                        }
                        else if (BenchSocket.Text(message, "payload", "data", "generationUpdated", "status") == "GENERATING")
                        {
                            Interlocked.CompareExchange(ref generationTimes[i], at, 0);
                        }

                        break;
                }
            });
            await socket.SubscribeAsync("p", "subscription { tokenPoolUpdated { uniqueClients free { capacity reserved } paid { capacity reserved } } }");
            await socket.SubscribeAsync("g", "subscription($id: ID!) { generationUpdated(id: $id) { id status updatedAt } }", new { id = generationId });
            return socket;
        });
        var allLive = ready.Wait(DeliveryLimit);
        await Task.Delay(2000); // settle
        var after = server.ResidentBytes();
        Console.WriteLine($"fanout: {subscribers} sockets with 2 subscriptions each opened in {opened.Elapsed.TotalSeconds:0.0} s ({(allLive ? "all" : "NOT all")} got their first values); server RSS {before / 1048576.0:0} → {after / 1048576.0:0} MiB: {(after - before) / 1024.0 / subscribers:0.0} KiB per socket");

        var poolTrigger = Stopwatch.GetTimestamp();
        await server.Client.PostAsJsonAsync("/graphql", new { query = $$"""mutation { registerClient(input: { installId: "{{Guid.NewGuid()}}" }) { newToday } }""" });
        Report("tokenPoolUpdated", poolTrigger, poolTimes, await WaitAsync(poolTimes));

        var generationTrigger = Stopwatch.GetTimestamp();
        await server.Client.PostAsJsonAsync($"/webhooks/suno?s={CallbackSecret}", new { code = 200, msg = "ok", data = new { callbackType = "text", task_id = taskId, data = Array.Empty<object>() } });
        Report("generationUpdated", generationTrigger, generationTimes, await WaitAsync(generationTimes));

        await Task.WhenAll(sockets.Select(s => s.DisposeAsync().AsTask()));
        Console.WriteLine($"fanout: done in {clock.Elapsed.TotalSeconds:0.0} s (2 shared cores: figures are noisy)");
    }

    private static void Report(string what, long trigger, long[] times, TimeSpan waited)
    {
        var delivered = times.Where(t => t != 0).ToArray();
        Console.WriteLine($"fanout: {what}: {delivered.Length}/{times.Length} delivered (waited {waited.TotalSeconds:0.0} s); from the trigger {Latency.Summary(delivered.Select(t => Latency.Ms(trigger, t)))}");
    }

    private static async Task<TimeSpan> WaitAsync(long[] times)
    {
        var waited = Stopwatch.StartNew();
        while (times.Any(t => t == 0) && waited.Elapsed < DeliveryLimit)
        {
            await Task.Delay(50);
        }

        return waited.Elapsed;
    }

    private static async Task<(string Id, string TaskId)> CreateGenerationAsync(HttpClient http, BenchDatabase database, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = JsonContent.Create(new { query = """mutation { createGeneration(input: { model: V5, prompt: "fanout" }) { generation { id } errors { code } } }""" }),
        };
        request.Headers.Authorization = new("Bearer", token);
        var body = JsonNode.Parse(await (await http.SendAsync(request)).Content.ReadAsStringAsync())!;
        var id = body["data"]?["createGeneration"]?["generation"]?["id"]?.GetValue<string>() ?? throw new InvalidOperationException($"createGeneration failed: {body.ToJsonString()}");
        for (var attempt = 0; attempt < 600; attempt++)
        {
            await using var db = StormBenchmark.Context(database);
            if (await db.Generations.Select(g => g.ProviderTaskId).FirstOrDefaultAsync(t => t != null) is { } taskId)
            {
                return (id, taskId);
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The worker did not submit the generation in time");
    }

    /// <summary>The storm's settings, with many sockets allowed and a simulator that waits for the callback.</summary>
    internal static Dictionary<string, string> Settings(string database, string redis)
    {
        var settings = StormBenchmark.Settings(database, redis);
        settings["SIMULATOR_STAGE_MS"] = "600000";
        settings["SUNO_CALLBACK_SECRET"] = CallbackSecret;
        settings["GRAPHQL_WS_MAX_CONNECTIONS"] = "100000";
        settings["GRAPHQL_WS_MAX_CONNECTIONS_PER_ADDRESS"] = "100000";
        settings["GRAPHQL_WS_MAX_OPERATIONS"] = "100";
        settings["GRAPHQL_WS_MAX_MESSAGES_PER_SECOND"] = "100000";
        settings["GRAPHQL_WS_MESSAGE_BURST"] = "100000";
        settings["GRAPHQL_WS_INIT_TIMEOUT_MS"] = "30000";
        settings["Logging__LogLevel__Default"] = "Warning";
        return settings;
    }
}
