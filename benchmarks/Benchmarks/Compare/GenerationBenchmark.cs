using System.Diagnostics;
using System.Globalization;
using Son1kVers3.Benchmarks.Faults;
using Son1kVers3.Domain.Plans;

namespace Son1kVers3.Benchmarks.Compare;

/// <summary>
/// `./bench.sh gen [seconds=5] [rounds=2] [users=400] [other-build-dir]`: compare's createGeneration case
/// alone, with the CPU the two instances spend per accepted generation (user + system time from
/// /proc/PID/stat, over the load and the drain that follows, until every job has ended), and the
/// PostgreSQL transactions per accepted generation, and the ledger audit of compare (counters match the reservation
/// rows, nobody beyond their allocation, nothing committed twice) with no reservation left Reserved once every job ended. Given the bin folder of another build (e.g. the
/// commit before a change, built in a worktree), the builds take turns round after round, each on a
/// fresh database, so a change of machine load hits both alike.
/// </summary>
internal static class GenerationBenchmark
{
    private static readonly TimeSpan LongestDrain = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The warm-up load before each measured one. 3 s (until session 6) left the worker's and EF Core's code
    /// quick-jitted (tier 0) through the measurement on the shared pinned core (perf showed it), so the CPU per
    /// generation included the JIT and unoptimised code; GEN_WARMUP_SECONDS sets another.
    /// </summary>
    private static readonly int WarmUpSeconds = int.TryParse(Environment.GetEnvironmentVariable("GEN_WARMUP_SECONDS"), out var s) ? s : 10;

    /// <summary>The longest wait, after each warm-up, for both instances' JIT to settle (GEN_SETTLE_SECONDS; 0: none).</summary>
    private static readonly int GenSettleSeconds = int.TryParse(Environment.GetEnvironmentVariable("GEN_SETTLE_SECONDS"), out var s) ? s : 60;

    /// <summary>The most warm-ups (GEN_WARMUPS), until one compiles (almost) nothing new (<see cref="ServerRuntime.WarmUpAsync"/>).</summary>
    private static readonly int MaxWarmUps = int.TryParse(Environment.GetEnvironmentVariable("GEN_WARMUPS"), out var s) ? s : 4;

    /// <summary>Npgsql connection string keywords added to the servers' (e.g. "SSL Mode=Disable"), to try a setting on both builds.</summary>
    private static readonly string? DatabaseOptions = Environment.GetEnvironmentVariable("GEN_DB_OPTIONS");

    public static async Task RunAsync(int seconds, int rounds, int users, string? otherBuild)
    {
        var builds = new List<(string Name, string Folder)> { ("this", AppContext.BaseDirectory) };
        if (otherBuild is not null)
        {
            builds.Insert(0, ("other", Path.GetFullPath(otherBuild)));
        }

        Console.WriteLine($"gen: {rounds} rounds of {seconds} s per build, {users} ENTERPRISE users, two instances on core {CompareBenchmark.ServerCore}, wrk on core {CompareBenchmark.LoadCore}; load average {CompareReport.ReadLoadAverage()}");
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (name, folder) in builds)
            {
                Console.WriteLine($"gen: round {round} {name,-5} {await RoundAsync(folder, seconds, users, $"{round}-{name}")}");
            }
        }

        Console.WriteLine($"gen: load average at the end {CompareReport.ReadLoadAverage()} (2 shared cores: req/s are noisy, CPU per generation less so)");
    }

    private static async Task<string> RoundAsync(string folder, int seconds, int users, string label)
    {
        await using var database = await BenchDatabase.CreateAsync();
        var settings = CompareBenchmark.Settings(DatabaseOptions is null ? database.ConnectionString : $"{database.ConnectionString};{DatabaseOptions}");
        ExtraServerSettings.AddTo(settings, "GEN_SERVER_ENV"); // e.g. "GENERATION_WORKER_ENABLED=false": the request path alone
        var dll = Path.Combine(folder, "Son1kVers3.GraphQL.dll");
        await using var a = await ServerProcess.StartAsync("dotnet", [dll], settings, "/health", CompareBenchmark.ServerCore);
        await using var b = await ServerProcess.StartAsync("dotnet", [dll], settings, "/health", CompareBenchmark.ServerCore);
        var tokens = await CompareBenchmark.RegisterAsync(a.Client, users, "creator");
        await database.SetAllTiersAsync(Tier.Enterprise);
        var instances = new[] { a, b };
        async Task<WrkResult[]> LoadAsync(int duration) =>
            await Task.WhenAll(instances.Select((server, i) => Wrk.RunAsync(CompareBenchmark.Url(server), CompareBenchmark.CreateScript(tokens, i), 16, duration, CompareBenchmark.LoadCore)));

        WrkResult[] runs;
        // The code measured is the code a running server runs: warmed up until a warm-up compiles (almost) nothing new.
        var clients = instances.Select(s => s.Client).ToArray();
        var (warmUps, settled) = await ServerRuntime.WarmUpAsync(clients, async () =>
        {
            await LoadAsync(WarmUpSeconds);
            await DrainAsync(database);
        }, MaxWarmUps, TimeSpan.FromSeconds(GenSettleSeconds));
        var jitBefore = await Task.WhenAll(clients.Select(ServerRuntime.ReadAsync));
        var generations = await CompareBenchmark.CountAsync(database, "SELECT count(*) FROM generations");
        var commits = await CompareBenchmark.CountAsync(database, "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
        var cpu = instances.Sum(s => CpuTicks(s.ProcessId));
        var backends = await PostgresBackends.StartAsync(database);
        var clock = Stopwatch.StartNew();
        using (Profiler.Start(instances.Select(s => s.ProcessId).Concat(backends.ProcessIds), seconds, label))
        {
            runs = await LoadAsync(seconds);
        }

        var loadSeconds = clock.Elapsed.TotalSeconds;
        var jitAfter = await Task.WhenAll(clients.Select(ServerRuntime.ReadAsync));
        var jitMs = jitAfter.Zip(jitBefore).Sum(j => j.First.JitSeconds - j.Second.JitSeconds) * 1000;
        var jitMethods = jitAfter.Zip(jitBefore).Sum(j => j.First.JitMethods - j.Second.JitMethods);
        var cpuLoad = instances.Sum(s => CpuTicks(s.ProcessId)) - cpu;
        var pgLoad = await backends.TicksAsync();
        var accepted = await CompareBenchmark.CountAsync(database, "SELECT count(*) FROM generations") - generations;
        var drained = await DrainAsync(database);
        var cpuAll = instances.Sum(s => CpuTicks(s.ProcessId)) - cpu;
        var pgAll = await backends.TicksAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(600)); // pg_stat_database is updated at most twice a second
        var transactions = await CompareBenchmark.CountAsync(database, "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()") - commits;
        var perAccepted = accepted == 0 ? double.NaN : 1.0 / accepted;
        var audit = await PoolLedgerAudit.RunAsync(database.ConnectionString);
        var leftReserved = drained ? await CompareBenchmark.CountAsync(database, "SELECT count(*) FROM token_reservations WHERE state = 'Reserved'") : -1;
        var proven = audit.Balanced && leftReserved == 0;
        return string.Create(CultureInfo.InvariantCulture,
            $"{accepted / loadSeconds,6:0} accepted/s of {runs.Sum(r => r.Requests) / loadSeconds:0} req/s, p50 {runs.Max(r => r.P50):0} ms, p99 {runs.Max(r => r.P99):0} ms | " +
            $"CPU ms per accepted, servers: {cpuLoad * 10.0 * perAccepted:0.00} during the load, {cpuAll * 10.0 * perAccepted:0.00} with the worker's drain ({(drained ? "all jobs ended" : "jobs left")}); " +
            $"PostgreSQL backends: {pgLoad * 10.0 * perAccepted:0.00} during the load, {pgAll * 10.0 * perAccepted:0.00} with the drain | " +
            $"{transactions * perAccepted:0.0} transactions per accepted | methods compiled by {warmUps.Count} warm-ups of {WarmUpSeconds} s: {string.Join(", ", warmUps)}{(settled ? "" : " (JIT not settled)")}, by the load: {jitMethods} ({jitMs:0} ms) | ledger audit: zero over-spend {(proven ? "PROVEN" : "VIOLATED")} " +
            $"({leftReserved} reservations left Reserved after every job ended; {string.Join("; ", audit.Lines.Select(l => l.Replace("ledger: ", "", StringComparison.Ordinal)))})");
    }

    /// <summary>Waits until no generation has a job left (the worker's share of the work is done).</summary>
    private static async Task<bool> DrainAsync(BenchDatabase database)
    {
        var deadline = Stopwatch.StartNew();
        while (await CompareBenchmark.CountAsync(database, "SELECT count(*) FROM generation_jobs") > 0)
        {
            if (deadline.Elapsed > LongestDrain)
            {
                return false;
            }

            await Task.Delay(250);
        }

        return true;
    }

    /// <summary>User + system CPU of a process, in clock ticks (1/100 s).</summary>
    private static long CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }
}
