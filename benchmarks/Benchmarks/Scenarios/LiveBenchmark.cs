using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Son1kVers3.Benchmarks.Compare;
using Son1kVers3.Benchmarks.Faults;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Domain.Plans;
using Son1kVers3.Infrastructure.Persistence;

namespace Son1kVers3.Benchmarks.Scenarios;

/// <summary>
/// Two server processes on one PostgreSQL and Redis (their own Redis, as the other benchmarks), the
/// client over loopback TCP: how many createGeneration calls per second the server accepts, and the
/// latency from a provider callback posted to instance B until a WebSocket subscriber on instance A
/// gets the event.
/// </summary>
internal static class LiveBenchmark
{
    public static async Task RunAsync(int generations, int creators)
    {
        await using var database = await BenchDatabase.CreateAsync();
        await using var redis = await RedisProcess.StartAsync(StormBenchmark.RedisPort());
        var settings = FanoutBenchmark.Settings(database.ConnectionString, redis.Url);
        foreach (var stormOnly in new[] { "GENERATION_FIRST_POLL_MS", "GENERATION_POLL_INTERVAL_MS", "GENERATION_MAX_POLL_INTERVAL_MS" })
        {
            // The provider's callbacks are measured here: the worker polls at the production intervals (5 s, a fallback for a
            // lost callback), as this benchmark did in one process; the storm's 300 ms polls of 192 songs kept instance B busy.
            settings.Remove(stormOnly);
        }

        ExtraServerSettings.AddTo(settings, "LIVE_SERVER_ENV"); // e.g. "DOTNET_PerfMapEnabled=1" to profile both instances
        settings["GENERATION_WORKER_ENABLED"] = "false";
        await using var frontProcess = await ServerProcess.StartAsync(settings); // the first migrates the database alone
        settings["GENERATION_WORKER_ENABLED"] = "true";
        await using var backProcess = await ServerProcess.StartAsync(settings);
        var http = frontProcess.Client;
        var callbacks = backProcess.Client;

        var tokens = new List<string>();
        for (var i = 0; i < creators; i++)
        {
            var email = $"creator{i}@bench.son1kvers3.com";
            var register = await Post(http, null, $$"""mutation { register(input: { email: "{{email}}", password: "bench password 1" }) { accessToken } }""");
            tokens.Add(register["data"]!["register"]!["accessToken"]!.GetValue<string>());
        }

        await database.SetAllTiersAsync(Tier.Enterprise);
        var perCreator = generations / creators;
        var created = new ConcurrentBag<(string Token, string Id)>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(tokens.Select(token => Task.Run(async () =>
        {
            for (var i = 0; i < perCreator; i++)
            {
                var result = await Post(http, token, $$"""mutation { createGeneration(input: { model: V5, prompt: "bench {{i}}" }) { generation { id } errors { code } } }""");
                created.Add((token, result["data"]!["createGeneration"]!["generation"]!["id"]!.GetValue<string>()));
            }
        })));
        var createSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"live: {created.Count} createGeneration accepted in {createSeconds:0.00} s by {creators} concurrent users: {created.Count / createSeconds:0} creates/s");

        var taskIds = await WaitForTaskIdsAsync(database, created.Count);
        var received = new ConcurrentDictionary<string, long>();
        var statuses = new ConcurrentDictionary<string, ConcurrentQueue<string>>(); // what each subscriber saw, for a miss
        var sockets = new List<(WebSocket Socket, Task Reader)>();
        foreach (var group in created.GroupBy(c => c.Token))
        {
            var socket = new ClientWebSocket();
            socket.Options.AddSubProtocol("graphql-transport-ws");
            await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{frontProcess.Port}/graphql"), CancellationToken.None);
            await Send(socket, new { type = "connection_init", payload = new { authorization = $"Bearer {group.Key}" } });
            await Receive(socket);
            foreach (var (_, id) in group)
            {
                await Send(socket, new { id, type = "subscribe", payload = new { query = $$"""subscription { generationUpdated(id: "{{id}}") { status } }""" } });
            }

            sockets.Add((socket, Task.Run(async () =>
            {
                while (await Receive(socket) is { } message)
                {
                    var status = message["payload"]?["data"]?["generationUpdated"]?["status"]?.GetValue<string>();
                    statuses.GetOrAdd(message["id"]?.GetValue<string>() ?? "?", _ => new()).Enqueue(status ?? message.ToJsonString());
                    if (status == "GENERATING")
                    {
                        received.TryAdd(message["id"]!.GetValue<string>(), Stopwatch.GetTimestamp());
                    }
                }
            })));
        }

        await Task.Delay(1000); // every subscription has sent its current state
        // Warm-up, not measured (as in ./bench.sh compare): the first callbacks run the webhook and event path cold (JIT).
        var warmUp = Math.Max(taskIds.Count / 6, Math.Min(WarmUpCallbacks, taskIds.Count / 2));
        // The first half one at a time (each waits for its event), the second back to back as the measured phase sends them
        // (the paths that only run when callbacks overlap reach tier 1 here too, not in the measured phase).
        foreach (var (n, (id, taskId)) in taskIds.Take(warmUp).Index())
        {
            await callbacks.PostAsJsonAsync($"/webhooks/suno?s={FanoutBenchmark.CallbackSecret}", new { code = 200, msg = "ok", data = new { callbackType = "text", task_id = taskId, data = Array.Empty<object>() } });
            for (var wait = Stopwatch.StartNew(); n < warmUp / 2 && !received.ContainsKey(id) && wait.Elapsed < TimeSpan.FromSeconds(5);)
            {
                await Task.Delay(5);
            }
        }

        for (var wait = Stopwatch.StartNew(); taskIds.Take(warmUp).Any(t => !received.ContainsKey(t.Id)) && wait.Elapsed < TimeSpan.FromSeconds(30);)
        {
            await Task.Delay(50);
        }

        Console.WriteLine($"live: {warmUp} callbacks as warm-up (not measured)");
        // Steady state, not tier-up: after the warm-up each instance's JIT recompiles at tier 1 what it ran, for seconds on
        // this machine (perf: 75-86 % of both instances' samples in the window measured until session 9).
        var settling = Stopwatch.StartNew();
        var settled = await ServerRuntime.WaitToSettleAsync([http, callbacks], TimeSpan.FromSeconds(60));
        Console.WriteLine($"live: the instances' JIT {(settled ? "settled" : "had not settled")} after {settling.Elapsed.TotalSeconds:0.0} s (no method compiled for {ServerRuntime.Quiet.TotalSeconds:0.0} s)");
        var runtimeBefore = await Task.WhenAll(ServerRuntime.ReadAsync(http), ServerRuntime.ReadAsync(callbacks));
        // The instances' CPU without callbacks (instance B's worker polling the songs in flight, A idle), so the CPU of the
        // callbacks themselves can be told apart from the background work that goes on meanwhile.
        var idle = TimeSpan.FromSeconds(3);
        var (frontIdle, backIdle) = (frontProcess.CpuTime(), backProcess.CpuTime());
        await Task.Delay(idle);
        (frontIdle, backIdle) = ((frontProcess.CpuTime() - frontIdle) / idle.TotalSeconds, (backProcess.CpuTime() - backIdle) / idle.TotalSeconds);
        Console.WriteLine($"live: CPU without callbacks, per second: instance B {backIdle.TotalMilliseconds:0} ms (its worker polling {taskIds.Count - warmUp} songs in flight), instance A {frontIdle.TotalMilliseconds:0} ms");
        var sent = new ConcurrentDictionary<string, long>();
        var answered = new Dictionary<string, long>(); // when instance B's answer came: its read, write, commit and publish are done
        var answers = new Dictionary<string, string>(); // what instance B answered each callback (a miss may be its)
        var (frontCpu, backCpu) = (frontProcess.CpuTime(), backProcess.CpuTime());
        var phase = Stopwatch.StartNew();
        // BENCH_PERF_OUT=/path: perf samples both instances for the phase's first 2 s (with LIVE_SERVER_ENV=DOTNET_PerfMapEnabled=1)
        using var profile = Profiler.Start([frontProcess.ProcessId, backProcess.ProcessId], 2, "live");
        foreach (var (id, taskId) in taskIds.Skip(warmUp))
        {
            sent[id] = Stopwatch.GetTimestamp();
            using var answer = await callbacks.PostAsJsonAsync($"/webhooks/suno?s={FanoutBenchmark.CallbackSecret}", new { code = 200, msg = "ok", data = new { callbackType = "text", task_id = taskId, data = Array.Empty<object>() } });
            answers[id] = $"{(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}";
            answered[id] = Stopwatch.GetTimestamp();
        }

        // Waits for the measured callbacks' own events. Until session 7 this waited while received.Count < sent.Count, but
        // received holds the warm-up's events too: the wait ended with up to a warm-up's worth of the last callbacks still on
        // their way, and they were reported as never seen (the "1 of 160" misses).
        var deadline = Stopwatch.StartNew();
        int? inFlightWhenTheOldWaitEnded = null;
        while (sent.Keys.Count(received.ContainsKey) < sent.Count && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (inFlightWhenTheOldWaitEnded is null && received.Count >= sent.Count)
            {
                inFlightWhenTheOldWaitEnded = sent.Keys.Count(id => !received.ContainsKey(id));
            }

            await Task.Delay(50);
        }

        Console.WriteLine($"live: the wait as it was before session 7 (counting the warm-up's events) would have ended with {inFlightWhenTheOldWaitEnded ?? 0} callback(s) still on their way");

        var latencies = sent.Where(s => received.ContainsKey(s.Key))
            .Select(s => Stopwatch.GetElapsedTime(s.Value, received[s.Key]).TotalMilliseconds).Order().ToArray();
        Console.WriteLine($"live: {latencies.Length}/{sent.Count} callbacks reached their subscriber on the other instance; callback→event p50 {Percentiles.Of(latencies, 0.5):0.0} ms, p99 {Percentiles.Of(latencies, 0.99):0.0} ms, max {latencies.LastOrDefault():0.0} ms");
        PrintWhereTheTailIs(sent, answered, received);
        var misses = sent.Keys.Where(id => !received.ContainsKey(id)).ToList();
        foreach (var missed in misses)
        {
            Console.WriteLine($"live: missed {missed}: its subscriber saw [{string.Join(", ", statuses.GetValueOrDefault(missed) ?? [])}]; "
                + $"the callback was answered {answers[missed]}; the database has it {await database.StatusOfAsync(GenerationIdOf(missed))}");
        }

        var refused = answers.Count(a => !a.Value.StartsWith("200 {\"ok\":true}", StringComparison.Ordinal));
        if (refused > 0)
        {
            Console.WriteLine($"live: {refused} callbacks were not answered 200 ok:true, e.g. {answers.Values.First(a => !a.StartsWith("200 {\"ok\":true}", StringComparison.Ordinal))}");
        }

        if (misses.Count > 0 || refused > 0)
        {
            foreach (var (name, process) in new[] { ("A", frontProcess), ("B", backProcess) })
            {
                Console.WriteLine($"live: instance {name}'s last log lines (warnings and errors):");
                foreach (var line in process.Output.TakeLast(40))
                {
                    Console.WriteLine($"  {name}| {line}");
                }
            }
        }

        var (backSpent, frontSpent, seconds) = (backProcess.CpuTime() - backCpu, frontProcess.CpuTime() - frontCpu, phase.Elapsed.TotalSeconds);
        var runtimeAfter = await Task.WhenAll(ServerRuntime.ReadAsync(http), ServerRuntime.ReadAsync(callbacks));
        Console.WriteLine($"live: during the measured phase, instance A: {runtimeAfter[0].Since(runtimeBefore[0])}; instance B: {runtimeAfter[1].Since(runtimeBefore[1])}");
        Console.WriteLine($"live: CPU per callback (less sensitive to a shared machine's load): instance B (callback) {backSpent.TotalMicroseconds / Math.Max(1, sent.Count):0} µs, instance A (subscriber) {frontSpent.TotalMicroseconds / Math.Max(1, sent.Count):0} µs; less the CPU without callbacks over the {seconds:0.0} s: B {(backSpent - backIdle * seconds).TotalMicroseconds / Math.Max(1, sent.Count):0} µs, A {(frontSpent - frontIdle * seconds).TotalMicroseconds / Math.Max(1, sent.Count):0} µs");
        foreach (var (socket, _) in sockets)
        {
            socket.Abort();
        }
    }

    /// <summary>
    /// Splits each callback's latency at instance B's answer (B has read, written, committed and queued the event for Redis by
    /// then): the callback's time on B, and the rest (Redis, instance A's read and send, the client). For the slowest 1 % the
    /// two parts tell which instance the tail is on.
    /// </summary>
    private static void PrintWhereTheTailIs(ConcurrentDictionary<string, long> sent, Dictionary<string, long> answered, ConcurrentDictionary<string, long> received)
    {
        var split = sent.Keys.Where(id => received.ContainsKey(id) && answered.ContainsKey(id))
            .Select(id => (Total: Milliseconds(sent[id], received[id]), OnB: Milliseconds(sent[id], answered[id])))
            .OrderBy(s => s.Total).ToArray();
        if (split.Length == 0)
        {
            return;
        }

        var onB = split.Select(s => s.OnB).Order().ToArray();
        Console.WriteLine($"live: callback→answer (instance B) p50 {Percentiles.Of(onB, 0.5):0.0} ms, p99 {Percentiles.Of(onB, 0.99):0.0} ms");
        var slowest = split.Skip(split.Length - Math.Max(1, split.Length / 100)).Reverse();
        Console.WriteLine($"live: the slowest 1 %, total (of it until B answered): {string.Join(", ", slowest.Select(s => $"{s.Total:0.0} ({s.OnB:0.0})"))} ms");
    }

    private static double Milliseconds(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    /// <summary>
    /// Enough callbacks for the code they run to reach tier 1 before the measured phase (LIVE_WARMUP_CALLBACKS): with 32 warm-up
    /// callbacks the measured phase still compiled ~0.9 s per instance, with 100 0.3-0.8 s (session 9), and both instances' JIT
    /// took 39 % of their samples in it (perf); a collection on instance A, stretched by that contention, paused it 23-46 ms and
    /// made the p99. With 344 (700 generations) it compiled 0-104 ms (benchmarks/results/session10.txt).
    /// </summary>
    private static readonly int WarmUpCallbacks = int.TryParse(Environment.GetEnvironmentVariable("LIVE_WARMUP_CALLBACKS"), out var n) ? n : 400;

    private static async Task<JsonNode> Post(HttpClient http, string? token, string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query }) };
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        var response = await http.SendAsync(request);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>
    /// The generations the worker submitted, once none waits for its submit any more; a loaded machine submits slowly, so
    /// the wait ends only after 60 s without progress. Generations that failed instead are counted, with their reasons.
    /// </summary>
    private static async Task<List<(string Id, string TaskId)>> WaitForTaskIdsAsync(BenchDatabase database, int count)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        AppDbContext.Configure(options, database.ConnectionString);
        var (progress, lastCount) = (Stopwatch.StartNew(), -1);
        while (true)
        {
            await using var db = new AppDbContext(options.Options);
            var submitted = await db.Generations.Where(g => g.ProviderTaskId != null).Select(g => new { g.Id, g.ProviderTaskId }).ToListAsync();
            var failed = await db.Generations.Where(g => g.ProviderTaskId == null && g.Status == GenerationStatus.Failed).Select(g => g.FailureReason).ToListAsync();
            if (submitted.Count + failed.Count >= count || progress.Elapsed > TimeSpan.FromSeconds(60))
            {
                if (failed.Count > 0 || submitted.Count + failed.Count < count)
                {
                    Console.WriteLine($"live: of {count} generations the worker submitted {submitted.Count}; {failed.Count} failed before a submit was confirmed"
                        + string.Concat(failed.GroupBy(f => f).Select(f => $"; {f.Count()}× \"{f.Key}\"")));
                }

                if (submitted.Count == 0)
                {
                    throw new TimeoutException("The worker submitted no generation");
                }

                return submitted.Select(s => (Convert.ToBase64String(Encoding.UTF8.GetBytes($"Generation:{s.Id:N}")), s.ProviderTaskId!)).ToList();
            }

            if (submitted.Count + failed.Count != lastCount)
            {
                (lastCount, progress) = (submitted.Count + failed.Count, Stopwatch.StartNew());
            }

            await Task.Delay(100);
        }
    }

    private static Guid GenerationIdOf(string globalId) => Guid.ParseExact(Encoding.UTF8.GetString(Convert.FromBase64String(globalId))["Generation:".Length..], "N");

    private static Task Send(WebSocket socket, object message) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<JsonNode?> Receive(WebSocket socket) =>
        await BenchSocket.ReceiveMessageAsync(socket) is { } bytes ? JsonNode.Parse(bytes) : null;
}
