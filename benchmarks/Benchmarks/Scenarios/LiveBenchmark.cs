using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Son1kVers3.Domain.Plans;
using Son1kVers3.Infrastructure.Persistence;

namespace Son1kVers3.Benchmarks.Scenarios;

/// <summary>
/// Two server instances on one PostgreSQL and Redis, in memory (no network between client and
/// server): how many createGeneration calls per second the server accepts, and the latency from a
/// provider callback posted to instance B until a WebSocket subscriber on instance A gets the event.
/// </summary>
internal static class LiveBenchmark
{
    private const string CallbackSecret = "bench-callback-secret";

    public static async Task RunAsync(int generations, int creators)
    {
        await using var database = await BenchDatabase.CreateAsync();
        await using var front = Server(database, worker: false);
        await using var back = Server(database, worker: true);
        var http = front.CreateClient();
        var callbacks = back.CreateClient();

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
        var sockets = new List<(WebSocket Socket, Task Reader)>();
        foreach (var group in created.GroupBy(c => c.Token))
        {
            var client = front.Server.CreateWebSocketClient();
            client.SubProtocols.Add("graphql-transport-ws");
            var socket = await client.ConnectAsync(new Uri(front.Server.BaseAddress, "graphql"), CancellationToken.None);
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
                    if (message["payload"]?["data"]?["generationUpdated"]?["status"]?.GetValue<string>() == "GENERATING")
                    {
                        received.TryAdd(message["id"]!.GetValue<string>(), Stopwatch.GetTimestamp());
                    }
                }
            })));
        }

        await Task.Delay(1000); // every subscription has sent its current state
        var sent = new ConcurrentDictionary<string, long>();
        foreach (var (id, taskId) in taskIds)
        {
            sent[id] = Stopwatch.GetTimestamp();
            await callbacks.PostAsJsonAsync($"/webhooks/suno?s={CallbackSecret}", new { code = 200, msg = "ok", data = new { callbackType = "text", task_id = taskId, data = Array.Empty<object>() } });
        }

        var deadline = Stopwatch.StartNew();
        while (received.Count < sent.Count && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }

        var latencies = sent.Where(s => received.ContainsKey(s.Key))
            .Select(s => Stopwatch.GetElapsedTime(s.Value, received[s.Key]).TotalMilliseconds).Order().ToArray();
        Console.WriteLine($"live: {latencies.Length}/{sent.Count} callbacks reached their subscriber on the other instance; callback→event p50 {Percentiles.Of(latencies, 0.5):0.0} ms, p99 {Percentiles.Of(latencies, 0.99):0.0} ms, max {latencies.LastOrDefault():0.0} ms");
        foreach (var (socket, _) in sockets)
        {
            socket.Abort();
        }
    }

    private static WebApplicationFactory<Program> Server(BenchDatabase database, bool worker) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Benchmark");
            b.UseSolutionRelativeContentRoot("src/GraphQL", "Son1kVers3.sln");
            foreach (var (key, value) in new Dictionary<string, string>
            {
                ["DATABASE_URL"] = database.ConnectionString,
                ["REDIS_URL"] = (Environment.GetEnvironmentVariable("REDIS_URL") ?? "redis://127.0.0.1:6379").TrimEnd('/') + "/2",
                ["JWT_SECRET"] = "benchmark-access-secret-0123456789abcdef",
                ["JWT_REFRESH_SECRET"] = "benchmark-refresh-secret-0123456789abcdef",
                ["PASSWORD_HASH_ITERATIONS"] = "1000",
                ["RATE_LIMIT_ENABLED"] = "false",
                ["GENERATION_WORKER_ENABLED"] = worker ? "true" : "false",
                ["SIMULATOR_STAGE_MS"] = "600000",
                ["SUNO_CALLBACK_SECRET"] = CallbackSecret,
                ["GRAPHQL_WS_MAX_OPERATIONS"] = "10000",
                // Every benchmark socket comes from one in-memory address and subscribes in one burst.
                ["GRAPHQL_WS_MAX_CONNECTIONS_PER_ADDRESS"] = "100000",
                ["GRAPHQL_WS_MAX_MESSAGES_PER_SECOND"] = "100000",
                ["GRAPHQL_WS_MESSAGE_BURST"] = "100000",
            })
            {
                b.UseSetting(key, value);
            }
        });

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

    private static async Task<List<(string Id, string TaskId)>> WaitForTaskIdsAsync(BenchDatabase database, int count)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        AppDbContext.Configure(options, database.ConnectionString);
        for (var attempt = 0; attempt < 600; attempt++)
        {
            await using var db = new AppDbContext(options.Options);
            var submitted = await db.Generations.Where(g => g.ProviderTaskId != null).Select(g => new { g.Id, g.ProviderTaskId }).ToListAsync();
            if (submitted.Count >= count)
            {
                return submitted.Select(s => (Convert.ToBase64String(Encoding.UTF8.GetBytes($"Generation:{s.Id:N}")), s.ProviderTaskId!)).ToList();
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The worker did not submit every generation in time");
    }

    private static Task Send(WebSocket socket, object message) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<JsonNode?> Receive(WebSocket socket) =>
        await BenchSocket.ReceiveMessageAsync(socket) is { } bytes ? JsonNode.Parse(bytes) : null;
}
