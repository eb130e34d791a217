using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Son1kVers3.Benchmarks.Faults;
using Son1kVers3.Domain.Plans;
using Son1kVers3.Infrastructure.Persistence;

namespace Son1kVers3.Benchmarks.Compare;

/// <summary>
/// `./bench.sh compare`: every server pinned to core 0 with taskset, wrk pinned to core 1, one
/// warm-up run per server excluded, then rounds interleaved across servers; each row is the
/// median of its rounds. Cases: the public plans query against mercurius + graphql-jit and a raw
/// ASP.NET Core ceiling, from this server as it runs by default (anonymous public queries answered
/// from its answer cache) and from a second process with GRAPHQL_ANSWER_CACHE_ENABLED=false (every
/// request executed), each with its ratio to the same mercurius and raw rounds; an authenticated PRO user's me { usage }; createGeneration by distinct
/// users on two instances (simulator provider) with a ledger audit that proves zero over-spend.
/// </summary>
internal static class CompareBenchmark
{
    public const string ServerCore = "0";
    public const string LoadCore = "1";
    private const int Connections = 32;
    // 10 s, as the gen benchmark's: a freshly started server pinned to one core still runs part of its plans path in
    // tier-0 code for about 8 s of load (its JIT thread shares the core with the loaded request threads; CPU per request by
    // 2 s of load: 850, 755, 400, 181, then about 100 us from the 5th; benchmarks/results/session7-plans.txt), so a 5 s
    // warm-up left the tier-up inside the first measured round. Applies to every server alike.
    private const int WarmUpSeconds = 10;
    private const string OursWithoutAnswerCache = CompareReport.Ours + " (no cache)";

    public const string PlansQuery = "{ plans { tier generationsPerDay lifetimeGenerations lifetimeGenerationsByModel { model limit } downloadsPerDay sharesPerDay lifetimeShares watermarkedShares tools tokenAllocation tokenAllocationFree tokenAllocationPaid } }";
    public const string MeQuery = "{ me { id email tier usage { generations { used limit remaining resetsAt } downloads { used limit remaining } shares { used limit remaining } tokens { used limit remaining resetsAt } } } }";

    public static async Task RunAsync(int seconds, int rounds, int users)
    {
        var report = new CompareReport { LoadAverage = CompareReport.ReadLoadAverage() };
        Console.WriteLine($"compare: {rounds} rounds of {seconds} s per server after a {WarmUpSeconds} s warm-up; servers on core {ServerCore}, wrk on core {LoadCore}; load average {report.LoadAverage}");
        await using var database = await BenchDatabase.CreateAsync();
        var settings = Settings(database.ConnectionString);
        await using (var server = await ServerProcess.StartAsync(settings, ServerCore))
        {
            await using (var uncached = await ServerProcess.StartAsync(new Dictionary<string, string>(settings) { ["GRAPHQL_ANSWER_CACHE_ENABLED"] = "false" }, ServerCore))
            {
                await PlansAsync(server, uncached, seconds, rounds, report);
            }

            await MeAsync(server, database, seconds, rounds, report);
        }

        await CreateGenerationAsync(database, settings, seconds, rounds, users, report);
        report.Notes.Add($"load average at the end {CompareReport.ReadLoadAverage()} (2 cores shared with other work: figures are noisy)");
        report.Print(Console.Out);
        var json = Path.Combine(RepoRoot(), "benchmarks", "results", "compare-latest.json");
        await report.WriteJsonAsync(json);
        Console.WriteLine($"compare: JSON written to {json}");
    }

    private static async Task PlansAsync(ServerProcess ours, ServerProcess uncached, int seconds, int rounds, CompareReport report)
    {
        var body = JsonSerializer.Serialize(new { query = PlansQuery });
        var answer = await (await ours.Client.PostAsync("/graphql", new StringContent(body, null, "application/json"))).Content.ReadAsByteArrayAsync();
        var plans = JsonNode.Parse(answer)!["data"]!["plans"]!;
        var plansFile = Path.Combine(Path.GetTempPath(), $"s1kv-plans-{Guid.NewGuid():N}.json");
        var answerFile = Path.Combine(Path.GetTempPath(), $"s1kv-answer-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(plansFile, plans.ToJsonString());
        await File.WriteAllBytesAsync(answerFile, answer);
        try
        {
            var peers = Path.Combine(RepoRoot(), "benchmarks", "peers");
            await using var mercurius = await ServerProcess.StartAsync(
                "node", [Path.Combine(peers, "mercurius-plans.mjs")], new Dictionary<string, string> { ["PLANS_FILE"] = plansFile, ["NODE_ENV"] = "production" },
                "/graphql?query=%7B__typename%7D", ServerCore);
            await using var raw = await ServerProcess.StartAsync(
                "dotnet", [Path.Combine(AppContext.BaseDirectory, "Son1kVers3.Benchmarks.dll"), "raw-ceiling", answerFile], new Dictionary<string, string>(), "/health", ServerCore);

            foreach (var (name, server) in new[] { (CompareReport.Mercurius, mercurius), (OursWithoutAnswerCache, uncached) })
            {
                var peerAnswer = JsonNode.Parse(await (await server.Client.PostAsync("/graphql", new StringContent(body, null, "application/json"))).Content.ReadAsStringAsync())!;
                var same = JsonNode.DeepEquals(peerAnswer["data"]!["plans"], plans);
                report.Notes.Add($"plans: {name} answers the same data as this server: {(same ? "yes" : "NO")} ({answer.Length} bytes)");
            }

            var servers = new (string Name, ServerProcess Process)[]
            {
                (CompareReport.Ours, ours), (OursWithoutAnswerCache, uncached), (CompareReport.Mercurius, mercurius), (CompareReport.Raw, raw),
            };
            await MeasureAsync("plans", servers.Select(s => (s.Name, Url(s.Process), Wrk.PostScript(body))).ToList(), seconds, rounds, report);
            var index = report.Rows.FindIndex(r => r.Server == OursWithoutAnswerCache);
            report.Rows[index] = report.Rows[index] with { Case = "plans (answer cache off)", Server = CompareReport.Ours, PeersCase = "plans" };
            report.Notes.Add("plans: son1kvers3 runs as by default (anonymous public queries answered from its answer cache); "
                + "'plans (answer cache off)' is a second process with GRAPHQL_ANSWER_CACHE_ENABLED=false, every request executed; both against the same mercurius and raw rounds");
        }
        finally
        {
            File.Delete(plansFile);
            File.Delete(answerFile);
        }
    }

    private static async Task MeAsync(ServerProcess ours, BenchDatabase database, int seconds, int rounds, CompareReport report)
    {
        var token = (await RegisterAsync(ours.Client, 1, "me"))[0];
        await database.SetAllTiersAsync(Tier.Pro);
        var body = JsonSerializer.Serialize(new { query = MeQuery });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(body, null, "application/json") };
        request.Headers.Authorization = new("Bearer", token);
        var check = JsonNode.Parse(await (await ours.Client.SendAsync(request)).Content.ReadAsStringAsync())!;
        report.Notes.Add($"me: answers tier {check["data"]?["me"]?["tier"]} with usage (errors: {check["errors"]?.ToJsonString() ?? "none"})");
        await MeasureAsync("me { usage } (PRO)", [(CompareReport.Ours, Url(ours), Wrk.PostScript(body, token))], seconds, rounds, report);
    }

    /// <summary>Warm-up for each server, then the rounds interleaved (server after server) so a change of machine load hits all alike.</summary>
    private static async Task MeasureAsync(string @case, IReadOnlyList<(string Name, string Url, string Script)> servers, int seconds, int rounds, CompareReport report)
    {
        foreach (var (name, url, script) in servers)
        {
            await Wrk.RunAsync(url, script, Connections, WarmUpSeconds, LoadCore);
            Console.WriteLine($"compare: {@case}: {name} warmed up");
        }

        var results = servers.ToDictionary(s => s.Name, _ => new List<WrkResult>());
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (name, url, script) in servers)
            {
                var result = await Wrk.RunAsync(url, script, Connections, seconds, LoadCore);
                results[name].Add(result);
                Console.WriteLine($"compare: {@case}: round {round} {name}: {result.RequestsPerSecond:0} req/s, p50 {result.P50:0.00} ms, p99 {result.P99:0.00} ms, errors {result.Non2xx + result.SocketErrors}");
            }
        }

        report.Rows.AddRange(servers.Select(s => CompareRow.Median(@case, s.Name, results[s.Name])));
    }

    /// <summary>
    /// Two instances (both on the server core, each with its generation worker and the simulator),
    /// one wrk per instance on the load core, each request from the next of many users. Accepted
    /// per second are the generations stored per second. Then the pool is cut down to a small
    /// remainder and hammered: exactly that remainder must be taken, and the ledger must balance.
    /// </summary>
    private static async Task CreateGenerationAsync(BenchDatabase database, Dictionary<string, string> settings, int seconds, int rounds, int users, CompareReport report)
    {
        await using var a = await ServerProcess.StartAsync(settings, ServerCore);
        await using var b = await ServerProcess.StartAsync(settings, ServerCore);
        var tokens = await RegisterAsync(a.Client, users, "creator");
        await database.SetAllTiersAsync(Tier.Enterprise);
        var instances = new[] { a, b }.Select((server, i) => (Server: server, Script: CreateScript(tokens, i))).ToList();
        const string Case = "createGeneration (2 inst.)";

        async Task<WrkResult> BothAsync(int duration)
        {
            var before = await CountAsync(database, "SELECT count(*) FROM generations");
            var clock = Stopwatch.StartNew();
            var runs = await Task.WhenAll(instances.Select(x => Wrk.RunAsync(Url(x.Server), x.Script, Connections / 2, duration, LoadCore)));
            var elapsed = clock.Elapsed.TotalSeconds;
            var accepted = await CountAsync(database, "SELECT count(*) FROM generations") - before;
            return new WrkResult(accepted / elapsed, runs.Max(r => r.P50), runs.Max(r => r.P99), runs.Sum(r => r.Requests), runs.Sum(r => r.Non2xx), runs.Sum(r => r.SocketErrors));
        }

        // Warmed up until a warm-up compiles (almost) nothing new: one 10 s warm-up left 1,500-2,000 methods to compile in the rounds.
        var (warmUps, settled) = await ServerRuntime.WarmUpAsync([a.Client, b.Client], () => BothAsync(WarmUpSeconds), 4, TimeSpan.FromSeconds(60));
        Console.WriteLine($"compare: {Case}: methods compiled by {warmUps.Count} warm-ups of {WarmUpSeconds} s: {string.Join(", ", warmUps)}{(settled ? "" : " (JIT not settled)")}");
        var results = new List<WrkResult>();
        for (var round = 1; round <= rounds; round++)
        {
            var result = await BothAsync(seconds);
            results.Add(result);
            Console.WriteLine($"compare: {Case}: round {round}: {result.RequestsPerSecond:0} accepted/s of {result.Requests / (double)seconds:0} requests/s, p50 {result.P50:0.00} ms, p99 {result.P99:0.00} ms (slower instance)");
        }

        report.Rows.Add(CompareRow.Median(Case, CompareReport.Ours, results));
        report.Notes.Add($"{Case}: req/s column = generations accepted (stored) per second by {users} ENTERPRISE users over both instances");
        await ExhaustAndAuditAsync(database, () => BothAsync(3), report);
    }

    /// <summary>The wrk script of instance <paramref name="instance"/> of two: createGeneration by every other user in turn.</summary>
    public static string CreateScript(IReadOnlyList<string> tokens, int instance)
    {
        static string Body(string counter) =>
            Wrk.LuaString("{\"query\":\"mutation { createGeneration(input: { model: V5, prompt: \\\"bench ") + $" .. \"{counter}\" .. " +
            Wrk.LuaString("\\\" }) { generation { id } errors { code } } }\"}");
        return Wrk.RotatingTokensScript(tokens.Where((_, t) => t % 2 == instance).ToList(), c => Body(c.Trim('"', ' ', '.')));
    }

    private static async Task ExhaustAndAuditAsync(BenchDatabase database, Func<Task<WrkResult>> hammer, CompareReport report)
    {
        const int Remainder = 300;
        // wrk's last requests are still being served when it ends: the cut waits until they have ended, so that what is
        // taken after it is counted against what it left.
        await CreatesEndedAsync(database);
        var taken = await CountAsync(database, "SELECT count(*) FROM token_reservations WHERE state <> 'Released'");
        await ExecuteAsync(database, PoolLedgerAudit.LeaveOnly(Remainder));
        var left = await CountAsync(database, PoolLedgerAudit.LeftSql);
        for (var hammered = 0; hammered < 10 && await CountAsync(database, PoolLedgerAudit.LeftSql) > 0; hammered++)
        {
            await hammer(); // until the pool is empty
            await CreatesEndedAsync(database);
        }

        var takenAfter = await CountAsync(database, "SELECT count(*) FROM token_reservations WHERE state <> 'Released'");
        var audit = await PoolLedgerAudit.RunAsync(database.ConnectionString);
        report.Notes.Add($"ledger: pool cut to {left} tokens left ({Remainder} + the shards' imbalance), then hammered from both instances, 3 s at a time, until it was empty or 30 s: {takenAfter - taken} taken (never more than {left}; exactly {left} once the load drains it)");
        report.Notes.AddRange(audit.Lines);
        report.Notes.Add($"ledger: zero over-spend: {(audit.Balanced && takenAfter - taken <= left ? "PROVEN" : "VIOLATED")}");
    }

    /// <summary>Waits (at most 30 s) until no reservation has been made for a second: the creates still being served have ended.</summary>
    private static async Task CreatesEndedAsync(BenchDatabase database)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var seen = await CountAsync(database, "SELECT count(*) FROM token_reservations");
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(1000);
            var now = await CountAsync(database, "SELECT count(*) FROM token_reservations");
            if (now == seen)
            {
                return;
            }

            seen = now;
        }
    }

    public static string Url(ServerProcess server) => $"http://127.0.0.1:{server.Port}/graphql";

    public static async Task<List<string>> RegisterAsync(HttpClient http, int users, string prefix)
    {
        var tokens = new string[users];
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(Enumerable.Range(0, users).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var query = $$"""mutation { register(input: { email: "{{prefix}}{{i}}@perf-bench.org", password: "bench password 1" }) { accessToken errors { code message } } }""";
                var response = await http.PostAsJsonAsync("/graphql", new { query });
                var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                tokens[i] = body["data"]?["register"]?["accessToken"]?.GetValue<string>() ?? throw new InvalidOperationException($"register failed: {body.ToJsonString()}");
            }
            finally
            {
                gate.Release();
            }
        }));
        return [.. tokens];
    }

    public static async Task<long> CountAsync(BenchDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static async Task ExecuteAsync(BenchDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static Dictionary<string, string> Settings(string connectionString) => DockerfileRuntime.AppliedTo(new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Benchmark",
        ["DATABASE_URL"] = connectionString,
        ["DB_MAX_POOL_SIZE"] = "40",
        ["REDIS_URL"] = Environment.GetEnvironmentVariable("REDIS_URL") ?? "redis://127.0.0.1:6379",
        ["JWT_SECRET"] = "benchmark-access-secret-0123456789abcdef",
        ["JWT_REFRESH_SECRET"] = "benchmark-refresh-secret-0123456789abcdef",
        ["CORS_ORIGIN"] = "https://app.son1kvers3.test",
        ["PASSWORD_HASH_ITERATIONS"] = "1000",
        ["RATE_LIMIT_ENABLED"] = "false",
        ["POOL_PAID_BASE"] = "10000000",
        ["POOL_FREE_BASE"] = "10000000",
        ["GENERATION_MAX_INFLIGHT_MUTATIONS_PER_USER"] = "8",
        ["GENERATION_WORKER_ENABLED"] = "true",
        ["GENERATION_WORKER_PARALLELISM"] = "64",
        ["GENERATION_WORKER_BATCH"] = "64",
        ["GENERATION_WORKER_IDLE_MS"] = "100",
        ["SIMULATOR_STAGE_MS"] = "200",
    });

    public static string RepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Son1kVers3.sln")))
            {
                return directory.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
