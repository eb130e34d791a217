using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Son1kVers3.Benchmarks.Faults;

namespace Son1kVers3.Benchmarks.Scenarios;

/// <summary>
/// Issue 12's chat case: two server processes on one PostgreSQL and Redis, subscribers of one room
/// spread over both, senders posting to both at once. Delivery latency (send → receipt), whether
/// every subscriber got every message once and in the room's order, and the servers' resident
/// memory per socket.
/// </summary>
internal static class ChatBenchmark
{
    private static readonly TimeSpan DeliveryLimit = TimeSpan.FromSeconds(120);

    public static async Task RunAsync(int subscribers, int senders, int perSender)
    {
        var clock = Stopwatch.StartNew();
        await using var database = await BenchDatabase.CreateAsync();
        await using var redis = await RedisProcess.StartAsync(StormBenchmark.RedisPort());
        var settings = FanoutBenchmark.Settings(database.ConnectionString, redis.Url);
        settings["GENERATION_WORKER_ENABLED"] = "false";
        settings["CHAT_MESSAGES_PER_10_SECONDS"] = "100000";
        settings["CHAT_MESSAGES_PER_HOUR"] = "100000";
        await using var a = await ServerProcess.StartAsync(settings); // the first migrates the database alone
        await using var b = await ServerProcess.StartAsync(settings);
        ServerProcess[] servers = [a, b];
        Console.WriteLine($"chat: 2 server processes up in {clock.Elapsed.TotalSeconds:0.0} s");

        var tokens = await StormBenchmark.RegisterAsync(a.Client, senders);
        var room = await GeneralRoomAsync(a.Client, tokens[0]);
        var received = Enumerable.Range(0, subscribers).Select(_ => new ConcurrentQueue<(string Text, long At)>()).ToArray();
        var rssBefore = servers.Select(s => s.ResidentBytes()).ToArray();
        var opened = Stopwatch.StartNew();
        var sockets = new BenchSocket?[subscribers];
        await BenchSocket.OpenManyAsync(sockets, 0, subscribers, 32, TimeSpan.FromSeconds(300), async i =>
        {
            var socket = await BenchSocket.OpenAsync(servers[i % 2].Port, tokens[i % tokens.Count], (message, at) =>
            {
                if (BenchSocket.Text(message, "type") == "next")
                {
                    received[i].Enqueue((BenchSocket.Text(message, "payload", "data", "chatMessageAdded", "text"), at));
                }
            });
            await socket.SubscribeAsync("c", "subscription($roomId: ID!) { chatMessageAdded(roomId: $roomId) { id text createdAt author { id displayName } } }", new { roomId = room });
            return socket;
        });
        await Task.Delay(3000); // every subscription is live, and the servers settle
        var rssAfter = servers.Select(s => s.ResidentBytes()).ToArray();
        var open = sockets.Count(s => s is not null);
        Console.WriteLine($"chat: {open}/{subscribers} subscribers opened (half on each instance; open phase bounded to 300 s) in {opened.Elapsed.TotalSeconds:0.0} s; RSS growth per socket: {(rssAfter.Sum() - rssBefore.Sum()) / 1024.0 / Math.Max(1, open):0.0} KiB (A {rssBefore[0] / 1048576.0:0} → {rssAfter[0] / 1048576.0:0} MiB, B {rssBefore[1] / 1048576.0:0} → {rssAfter[1] / 1048576.0:0} MiB)");

        var sentAt = new ConcurrentDictionary<string, long>();
        var failures = 0;
        var sending = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, senders).Select(s => Task.Run(async () =>
        {
            for (var n = 0; n < perSender; n++)
            {
                var text = $"s{s}-{n}";
                sentAt[text] = Stopwatch.GetTimestamp();
                if (!await SendAsync(servers[s % 2].Client, tokens[s % tokens.Count], room, text))
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })));
        var total = senders * perSender;
        Console.WriteLine($"chat: {total} messages sent by {senders} concurrent senders on both instances in {sending.Elapsed.TotalSeconds:0.0} s ({total / sending.Elapsed.TotalSeconds:0}/s, {failures} refused)");

        var waited = Stopwatch.StartNew();
        var listening = Enumerable.Range(0, subscribers).Where(i => sockets[i] is not null).Select(i => received[i]).ToArray();
        var stored = (await HistoryAsync(a.Client, tokens[0], room)).Count; // a send that timed out may still have been stored
        while (listening.Any(r => r.Count < stored) && waited.Elapsed < DeliveryLimit)
        {
            await Task.Delay(100);
        }

        var history = await HistoryAsync(a.Client, tokens[0], room);
        var exact = listening.Count(r => r.Select(m => m.Text).SequenceEqual(history));
        var deliveries = listening.Sum(r => r.Count);
        var latencies = listening.SelectMany(r => r).Where(m => sentAt.ContainsKey(m.Text)).Select(m => Latency.Ms(sentAt[m.Text], m.At));
        Console.WriteLine($"chat: {deliveries}/{(long)open * history.Count} deliveries in {waited.Elapsed.TotalSeconds:0.0} s; {exact}/{open} subscribers got every message once in the room's order");
        Console.WriteLine($"chat: send → receipt {Latency.Summary(latencies)}");

        await Task.WhenAll(sockets.OfType<BenchSocket>().Select(s => s.DisposeAsync().AsTask()));
        Console.WriteLine($"chat: done in {clock.Elapsed.TotalSeconds:0.0} s (2 shared cores: figures are noisy)");
    }

    private static async Task<JsonNode> PostAsync(HttpClient http, string token, string query, object? variables = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query, variables }) };
        request.Headers.Authorization = new("Bearer", token);
        return JsonNode.Parse(await (await http.SendAsync(request)).Content.ReadAsStringAsync())!;
    }

    private static async Task<string> GeneralRoomAsync(HttpClient http, string token)
    {
        var rooms = await PostAsync(http, token, "{ chatRooms { id name } }");
        return rooms["data"]?["chatRooms"]?.AsArray().FirstOrDefault(r => r!["name"]!.GetValue<string>() == "general")?["id"]?.GetValue<string>()
            ?? throw new InvalidOperationException($"no general room: {rooms.ToJsonString()}");
    }

    /// <summary>False when the send was refused or did not answer in time (a loaded machine).</summary>
    private static async Task<bool> SendAsync(HttpClient http, string token, string room, string text)
    {
        try
        {
            var result = await PostAsync(http, token, "mutation($input: SendChatMessageInput!) { sendChatMessage(input: $input) { message { id } errors { code } } }", new { input = new { roomId = room, text } });
            return result["data"]?["sendChatMessage"]?["message"]?["id"] is not null;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>The room's texts in room order (oldest first).</summary>
    private static async Task<List<string>> HistoryAsync(HttpClient http, string token, string room)
    {
        var texts = new List<string>();
        string? after = null;
        while (true)
        {
            var page = await PostAsync(http, token, "query($id: ID!, $after: String) { chatRoom(id: $id) { messages(first: 100, after: $after) { nodes { text } pageInfo { hasNextPage endCursor } } } }", new { id = room, after });
            var messages = page["data"]!["chatRoom"]!["messages"]!;
            texts.AddRange(messages["nodes"]!.AsArray().Select(n => n!["text"]!.GetValue<string>()));
            if (!messages["pageInfo"]!["hasNextPage"]!.GetValue<bool>())
            {
                break;
            }

            after = messages["pageInfo"]!["endCursor"]!.GetValue<string>();
        }

        texts.Reverse();
        return texts;
    }
}
