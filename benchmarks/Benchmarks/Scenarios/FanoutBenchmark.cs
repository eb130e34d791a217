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
    internal const string CallbackSecret = "bench-callback-secret";
    private static readonly TimeSpan DeliveryLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan OpenLimit = TimeSpan.FromSeconds(300);

    /// <summary>FANOUT_SOCKETS_ONLY=1: the sockets are opened and initialised but subscribe to nothing, and no event is sent (the memory of a socket alone, to set against a subscribed one).</summary>
    private static readonly bool SocketsOnly = Environment.GetEnvironmentVariable("FANOUT_SOCKETS_ONLY") == "1";

    /// <param name="serverFolder">The bin folder of another build's server (e.g. the commit a change started from), to run it under this same client; null for this build's.</param>
    public static async Task RunAsync(int subscribers, string? serverFolder = null)
    {
        var clock = Stopwatch.StartNew();
        await using var database = await BenchDatabase.CreateAsync();
        await using var redis = await RedisProcess.StartAsync(StormBenchmark.RedisPort());
        var settings = Settings(database.ConnectionString, redis.Url);
        var extra = ExtraServerSettings.AddTo(settings, "FANOUT_SERVER_ENV"); // e.g. "DOTNET_GCgen0size=0x2000000;DOTNET_GCConserveMemory=5"

        var dll = Path.Combine(Path.GetFullPath(serverFolder ?? AppContext.BaseDirectory), "Son1kVers3.GraphQL.dll");
        await using var server = await ServerProcess.StartAsync("dotnet", [dll], settings, "/health");
        Console.WriteLine($"fanout: server {dll} up in {clock.Elapsed.TotalSeconds:0.0} s (server PID {server.ProcessId}, extra settings '{extra}', load average {Compare.CompareReport.ReadLoadAverage()})");

        var token = (await StormBenchmark.RegisterAsync(server.Client, 1))[0];
        await database.SetAllTiersAsync(Tier.Enterprise);
        var warmUp = await CreateGenerationAsync(server.Client, database, token, 1);
        var (generationId, taskId) = await CreateGenerationAsync(server.Client, database, token, 2);

        var poolTimes = new long[subscribers];
        var measuringPool = false;
        var generationTimes = new long[subscribers];
        var ready = new int[subscribers];
        var sockets = new BenchSocket?[subscribers];
        Task<BenchSocket> Open(int i)
        {
            var seenPool = 0;
            var seenGeneration = false;
            return OpenAsync();

            async Task<BenchSocket> OpenAsync()
            {
                var socket = await BenchSocket.OpenAsync(server.Port, token, (message, at) =>
                {
                    switch (BenchSocket.Text(message, "id"))
                    {
                        case "p" when BenchSocket.Text(message, "type") == "next":
                            if (Interlocked.Increment(ref seenPool) == 1)
                            {
                                Interlocked.Increment(ref ready[i]);
                            }
                            else if (Volatile.Read(ref measuringPool))
                            {
                                Interlocked.CompareExchange(ref poolTimes[i], at, 0);
                            }

                            break;
                        case "g" when BenchSocket.Text(message, "type") == "next":
                            if (!seenGeneration)
                            {
                                seenGeneration = true;
                                Interlocked.Increment(ref ready[i]);
                            }
                            else if (BenchSocket.Text(message, "payload", "data", "generationUpdated", "status") == "GENERATING")
                            {
                                Interlocked.CompareExchange(ref generationTimes[i], at, 0);
                            }

                            break;
                    }
                });
                if (SocketsOnly)
                {
                    ready[i] = 2;
                    return socket;
                }

                await socket.SubscribeAsync("p", "subscription { tokenPoolUpdated { uniqueClients free { capacity reserved } paid { capacity reserved } } }");
                await socket.SubscribeAsync("g", "subscription($id: ID!) { generationUpdated(id: $id) { id status updatedAt } }", new { id = generationId });
                return socket;
            }
        }

        // Warm-up: a few sockets, one pool change and one callback, before anything is measured.
        var first = Math.Min(200, subscribers / 10);
        await BenchSocket.OpenManyAsync(sockets, 0, first, 32, OpenLimit, Open);
        await server.Client.PostAsJsonAsync("/graphql", new { query = $$"""mutation { registerClient(input: { installId: "{{Guid.NewGuid()}}" }) { newToday } }""" });
        await Callback(server.Client, warmUp.TaskId);
        await Task.Delay(3000);
        var before = server.ResidentBytes();
        var gcBefore = await GcSummaryAsync(server.Client);
        var opened = Stopwatch.StartNew();
        await BenchSocket.OpenManyAsync(sockets, first, subscribers, 64, OpenLimit, Open);
        var open = sockets.Count(s => s is not null);
        var live = Stopwatch.StartNew();
        while (ready.Count(r => r == 2) < open && live.Elapsed < DeliveryLimit)
        {
            await Task.Delay(100);
        }

        await Task.Delay(3000); // settle
        var after = server.ResidentBytes();
        Console.WriteLine($"fanout: {open}/{subscribers} sockets with {(SocketsOnly ? "no" : "2")} subscriptions each opened in {opened.Elapsed.TotalSeconds:0.0} s (open phase bounded to {OpenLimit.TotalSeconds:0} s; {ready.Count(r => r == 2)} got their first values); server RSS {before / 1048576.0:0} → {after / 1048576.0:0} MiB: {(after - before) / 1024.0 / Math.Max(1, open - first):0.0} KiB per socket opened after the warm-up");
        Console.WriteLine($"fanout: server GC (MiB) before the open phase: {gcBefore}; after: {await GcSummaryAsync(server.Client)}");
        for (var i = 0; i < subscribers; i++)
        {
            if (sockets[i] is null)
            {
                poolTimes[i] = generationTimes[i] = -1; // never opened: not counted
            }
        }

        if (SocketsOnly)
        {
            await Task.WhenAll(sockets.OfType<BenchSocket>().Select(s => s.DisposeAsync().AsTask()));
            Console.WriteLine("fanout: sockets only (FANOUT_SOCKETS_ONLY=1): no subscription, no event");
            return;
        }

        Volatile.Write(ref measuringPool, true);
        var cpu = new Cpu(server);
        var poolTrigger = Stopwatch.GetTimestamp();
        await server.Client.PostAsJsonAsync("/graphql", new { query = $$"""mutation { registerClient(input: { installId: "{{Guid.NewGuid()}}" }) { newToday } }""" });
        Report("tokenPoolUpdated", poolTrigger, poolTimes, await WaitAsync(poolTimes), cpu.Next());

        var generationTrigger = Stopwatch.GetTimestamp();
        await Callback(server.Client, taskId);
        Report("generationUpdated", generationTrigger, generationTimes, await WaitAsync(generationTimes), cpu.Next());

        if (int.TryParse(Environment.GetEnvironmentVariable("BENCH_HOLD_SECONDS"), out var hold) && hold > 0)
        {
            Console.WriteLine($"fanout: holding the sockets open {hold} s (server PID {server.ProcessId}) for a heap snapshot");
            await Task.Delay(TimeSpan.FromSeconds(hold));
        }

        await Task.WhenAll(sockets.OfType<BenchSocket>().Select(s => s.DisposeAsync().AsTask()));
        Console.WriteLine($"fanout: done in {clock.Elapsed.TotalSeconds:0.0} s (2 shared cores: figures are noisy)");
    }

    private static void Report(string what, long trigger, long[] times, TimeSpan waited, (TimeSpan Server, TimeSpan Client) cpu)
    {
        var delivered = times.Where(t => t > 0).ToArray();
        Console.WriteLine($"fanout: {what}: {delivered.Length}/{times.Count(t => t >= 0)} delivered (waited {waited.TotalSeconds:0.0} s); from the trigger {Latency.Summary(delivered.Select(t => Latency.Ms(trigger, t)))}; "
            + $"CPU per delivery: server {cpu.Server.TotalMicroseconds / Math.Max(1, delivered.Length):0.0} µs, client {cpu.Client.TotalMicroseconds / Math.Max(1, delivered.Length):0.0} µs");
    }

    /// <summary>CPU time of the server process and of this (client) process since the last call (both include the wait for stragglers).</summary>
    private sealed class Cpu(ServerProcess server)
    {
        private TimeSpan _server = server.CpuTime();
        private TimeSpan _client = Process.GetCurrentProcess().TotalProcessorTime;

        public (TimeSpan Server, TimeSpan Client) Next()
        {
            var (serverNow, clientNow) = (server.CpuTime(), Process.GetCurrentProcess().TotalProcessorTime);
            var spent = (serverNow - _server, clientNow - _client);
            (_server, _client) = (serverNow, clientNow);
            return spent;
        }
    }

    /// <summary>The server's GC figures from /metrics (System.Runtime meter), in MiB: where its resident memory goes.</summary>
    private static async Task<string> GcSummaryAsync(HttpClient http)
    {
        var text = await http.GetStringAsync("/metrics");
        var sums = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith("dotnet_gc_", StringComparison.Ordinal) || !line.Contains("bytes", StringComparison.Ordinal) || line.Contains("total_allocated", StringComparison.Ordinal))
            {
                continue;
            }

            var name = line[..line.IndexOfAny(['{', ' '])];
            var generation = line.IndexOf("generation=\"", StringComparison.Ordinal);
            if (generation >= 0)
            {
                name += "." + line[(generation + 12)..line.IndexOf('"', generation + 12)];
            }

            if (double.TryParse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var value))
            {
                sums[name] = sums.GetValueOrDefault(name) + value;
            }
        }

        return string.Join(", ", sums.Select(s => $"{s.Key.Replace("dotnet_gc_last_collection_", "", StringComparison.Ordinal).Replace("_bytes", "", StringComparison.Ordinal)} {s.Value / 1048576:0}"));
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

    private static Task Callback(HttpClient http, string taskId) =>
        http.PostAsJsonAsync($"/webhooks/suno?s={CallbackSecret}", new { code = 200, msg = "ok", data = new { callbackType = "text", task_id = taskId, data = Array.Empty<object>() } });

    /// <summary>A generation of the user, once the worker has submitted it (the <paramref name="count"/>-th with a task id).</summary>
    private static async Task<(string Id, string TaskId)> CreateGenerationAsync(HttpClient http, BenchDatabase database, string token, int count)
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
            var submitted = await db.Generations.Where(g => g.ProviderTaskId != null).Select(g => new { g.Id, g.ProviderTaskId }).ToListAsync();
            if (submitted.FirstOrDefault(g => id == Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"Generation:{g.Id:N}"))) is { } mine)
            {
                return (id, mine.ProviderTaskId!);
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The worker did not submit the generation in time");
    }

    /// <summary>The storm's settings, with many sockets allowed and a simulator that waits for the callback.</summary>
    internal static Dictionary<string, string> Settings(string database, string redis)
    {
        var settings = DockerfileRuntime.AppliedTo(StormBenchmark.Settings(database, redis));
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
