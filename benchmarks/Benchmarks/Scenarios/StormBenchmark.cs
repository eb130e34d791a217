using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Son1kVers3.Benchmarks.Faults;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Domain.Plans;
using Son1kVers3.Domain.TokenPool;
using Son1kVers3.Infrastructure.Persistence;

namespace Son1kVers3.Benchmarks.Scenarios;

/// <summary>
/// Issue 19's storm: three server processes (simulator provider, short stages) on one PostgreSQL
/// reached through a TCP proxy and a Redis of the benchmark's own; creates from many users spread
/// over ~14 s, and meanwhile one instance killed -9, PostgreSQL cut for 3 s, Redis killed and
/// restarted 3 s later. Then it waits (bounded) for every generation to end and audits the ledger.
/// </summary>
internal static class StormBenchmark
{
    private static readonly TimeSpan CreateWindow = TimeSpan.FromSeconds(14);
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(120);

    public static async Task RunAsync(int creates, int users, int inFlight)
    {
        var clock = Stopwatch.StartNew();
        await using var database = await BenchDatabase.CreateAsync();
        await using var proxy = TcpCutProxy.InFrontOfDatabase(database.ConnectionString, out var proxied);
        await using var redis = await RedisProcess.StartAsync(RedisPort());
        var servers = new List<ServerProcess>();
        try
        {
            var settings = Settings(proxied, redis.Url);
            servers.Add(await ServerProcess.StartAsync(settings)); // the first migrates the database alone
            servers.AddRange(await Task.WhenAll(ServerProcess.StartAsync(settings), ServerProcess.StartAsync(settings)));
            Console.WriteLine($"storm: 3 server processes up in {clock.Elapsed.TotalSeconds:0.0} s (redis on {redis.Port}, PostgreSQL through proxy port {proxy.Port})");

            var tokens = await RegisterAsync(servers[0].Client, users);
            await database.SetAllTiersAsync(Tier.Enterprise);

            var outcomes = new ConcurrentDictionary<string, int>();
            var storm = Stopwatch.StartNew();
            var faults = FaultsAsync(storm, servers, proxy, redis);
            using var gate = new SemaphoreSlim(inFlight);
            var tasks = Enumerable.Range(0, creates).Select(async i =>
            {
                var due = CreateWindow * i / creates - storm.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due);
                }

                await gate.WaitAsync();
                try
                {
                    var alive = servers.Where(s => s.Alive).ToList();
                    var outcome = await CreateAsync(alive[i % alive.Count].Client, tokens[i % tokens.Count], i);
                    outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
                }
                finally
                {
                    gate.Release();
                }
            }).ToList();
            await Task.WhenAll(tasks);
            await faults;
            Console.WriteLine($"storm: {creates} creates sent by {users} users ({inFlight} in flight at most) in {storm.Elapsed.TotalSeconds:0.0} s; what clients saw:");
            foreach (var (outcome, count) in outcomes.OrderByDescending(o => o.Value))
            {
                Console.WriteLine($"  {count,6}  {outcome}");
            }

            var settle = Stopwatch.StartNew();
            var stuck = await WaitForFinalAsync(database);
            Console.WriteLine($"storm: waited {settle.Elapsed.TotalSeconds:0.0} s (limit {SettleLimit.TotalSeconds:0}) for generations to reach a final state");
            await AuditAsync(database, stuck);
            Console.WriteLine("storm: simulator submissions per generation are not observable (the simulator keeps them in each process's memory), so 'submitted twice' is not measured");
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }

        Console.WriteLine($"storm: done in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private static async Task FaultsAsync(Stopwatch storm, List<ServerProcess> servers, TcpCutProxy proxy, RedisProcess redis)
    {
        async Task At(double seconds, string what, Action fault)
        {
            var wait = TimeSpan.FromSeconds(seconds) - storm.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            fault();
            Console.WriteLine($"storm: t={storm.Elapsed.TotalSeconds:0.0} s {what}");
        }

        await At(2, "instance 3 killed -9", () => servers[2].Kill());
        await At(4, "PostgreSQL cut at the proxy", proxy.Cut);
        await At(7, "PostgreSQL restored", proxy.Restore);
        await At(9, "Redis killed -9", redis.Kill);
        await Task.Delay(TimeSpan.FromSeconds(12) - storm.Elapsed);
        await redis.StartAgainAsync();
        Console.WriteLine($"storm: t={storm.Elapsed.TotalSeconds:0.0} s Redis restarted on its port");
    }

    private static async Task<string> CreateAsync(HttpClient http, string token, int i)
    {
        var query = $$"""mutation { createGeneration(input: { model: V5, prompt: "storm {{i}}" }) { generation { id } errors { code } } }""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query }) };
        request.Headers.Authorization = new("Bearer", token);
        try
        {
            using var response = await http.SendAsync(request);
            var status = $"HTTP {(int)response.StatusCode}";
            JsonNode? body;
            try
            {
                body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
            }
            catch (System.Text.Json.JsonException)
            {
                return $"{status} (body not JSON)";
            }

            if (body?["errors"] is JsonArray { Count: > 0 } errors)
            {
                var retry = errors[0]?["extensions"]?["retryAfterSeconds"] is { } r ? $" retryAfterSeconds={r}" : string.Empty;
                var header = response.Headers.RetryAfter is { } h ? $" Retry-After={h}" : string.Empty;
                return $"{status} errors[].extensions.code={errors[0]?["extensions"]?["code"]}{retry}{header}";
            }

            var payload = body?["data"]?["createGeneration"];
            if (payload?["errors"] is JsonArray { Count: > 0 } payloadErrors)
            {
                return $"{status} payload error {payloadErrors[0]?["code"]}";
            }

            return payload?["generation"]?["id"] is null ? $"{status} no generation" : $"{status} generation created";
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or SocketException or TaskCanceledException)
        {
            return $"transport error ({ex.GetType().Name}: connection to the instance lost or refused)";
        }
    }

    private static async Task<int> WaitForFinalAsync(BenchDatabase database)
    {
        var limit = Stopwatch.StartNew();
        while (true)
        {
            await using var db = Context(database);
            var open = await db.Generations.CountAsync(g => g.Status != GenerationStatus.Completed && g.Status != GenerationStatus.Failed && g.Status != GenerationStatus.Cancelled);
            if (open == 0 || limit.Elapsed > SettleLimit)
            {
                return open;
            }

            await Task.Delay(500);
        }
    }

    private static async Task AuditAsync(BenchDatabase database, int stuck)
    {
        await using var db = Context(database);
        var generations = await db.Generations.CountAsync();
        var byStatus = await db.Generations.GroupBy(g => g.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        var orphans = await db.TokenReservations.CountAsync(r => r.State == ReservationState.Reserved && !db.Generations.Any(g => g.ReservationId == r.Id));
        var finalButReserved = await db.TokenReservations.CountAsync(r => r.State == ReservationState.Reserved && db.Generations.Any(g => g.ReservationId == r.Id
            && (g.Status == GenerationStatus.Completed || g.Status == GenerationStatus.Failed || g.Status == GenerationStatus.Cancelled)));
        var commits = await db.TokenMovements.CountAsync(m => m.Kind == MovementKind.Commit);
        var chargedTwice = await db.TokenMovements.Where(m => m.Kind == MovementKind.Commit).GroupBy(m => m.ReservationId).CountAsync(g => g.Count() > 1);
        var committedReservations = await db.TokenReservations.CountAsync(r => r.State == ReservationState.Committed);
        var used = await db.PoolDayShards.SumAsync(p => p.FreeUsed + p.PaidUsed);
        var reservedCounter = await db.PoolDayShards.SumAsync(p => p.FreeReserved + p.PaidReserved);
        var reservedRows = await db.TokenReservations.CountAsync(r => r.State == ReservationState.Reserved);
        Console.WriteLine($"storm: {generations} generations stored ({string.Join(", ", byStatus.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Count}"))})");
        var failures = await db.Generations.Where(g => g.Status == GenerationStatus.Failed).GroupBy(g => g.FailureReason).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        foreach (var failure in failures)
        {
            Console.WriteLine($"  {failure.Count,6}  Failed: {failure.Key}");
        }

        Console.WriteLine($"storm: reservations leaked: {orphans} Reserved with no generation, {finalButReserved} Reserved behind a final generation");
        Console.WriteLine($"storm: stuck generations (not final): {stuck}");
        Console.WriteLine($"storm: double-charged: {chargedTwice} reservations with more than one Commit; pool usage {used} vs {commits} Commit movements vs {committedReservations} Committed reservations");
        Console.WriteLine($"storm: pool reserved counter {reservedCounter} vs {reservedRows} Reserved reservations");
    }

    internal static async Task<List<string>> RegisterAsync(HttpClient http, int users)
    {
        var tokens = new ConcurrentBag<string>();
        using var gate = new SemaphoreSlim(16);
        await Task.WhenAll(Enumerable.Range(0, users).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var query = $$"""mutation { register(input: { email: "storm{{i}}@storm-bench.org", password: "bench password 1" }) { accessToken errors { code message } } }""";
                var response = await http.PostAsJsonAsync("/graphql", new { query });
                var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                tokens.Add(body["data"]?["register"]?["accessToken"]?.GetValue<string>() ?? throw new InvalidOperationException($"register failed: {body.ToJsonString()}"));
            }
            finally
            {
                gate.Release();
            }
        }));
        return [.. tokens];
    }

    internal static AppDbContext Context(BenchDatabase database)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        AppDbContext.Configure(options, database.ConnectionString);
        return new AppDbContext(options.Options);
    }

    /// <summary>The first free port of 6410-6419 (the throwaway Redis ports of this machine).</summary>
    internal static int RedisPort()
    {
        for (var port = 6410; port <= 6419; port++)
        {
            try
            {
                using var listener = new TcpListener(System.Net.IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // taken
            }
        }

        throw new InvalidOperationException("No free Redis port in 6410-6419");
    }

    internal static Dictionary<string, string> Settings(string databaseUrl, string redisUrl) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Benchmark",
        ["DATABASE_URL"] = databaseUrl,
        ["DB_MAX_POOL_SIZE"] = "20",
        ["REDIS_URL"] = redisUrl,
        ["JWT_SECRET"] = "benchmark-access-secret-0123456789abcdef",
        ["JWT_REFRESH_SECRET"] = "benchmark-refresh-secret-0123456789abcdef",
        ["CORS_ORIGIN"] = "https://app.son1kvers3.test",
        ["PASSWORD_HASH_ITERATIONS"] = "1000",
        ["RATE_LIMIT_ENABLED"] = "false",
        ["POOL_PAID_BASE"] = "1000000",
        ["POOL_FREE_BASE"] = "1000000",
        ["GENERATION_WORKER_ENABLED"] = "true",
        ["GENERATION_WORKER_PARALLELISM"] = "64",
        ["GENERATION_WORKER_BATCH"] = "64",
        ["GENERATION_WORKER_IDLE_MS"] = "100",
        ["GENERATION_FIRST_POLL_MS"] = "300",
        ["GENERATION_POLL_INTERVAL_MS"] = "300",
        ["GENERATION_MAX_POLL_INTERVAL_MS"] = "1000",
        ["GENERATION_LEASE_SECONDS"] = "5",
        ["SIMULATOR_STAGE_MS"] = "200",
    };
}
