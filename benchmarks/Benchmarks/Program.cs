using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Son1kVers3.Application.TokenPool;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Domain.Plans;
using Son1kVers3.Domain.TokenPool;
using Son1kVers3.Infrastructure.Persistence;
using Son1kVers3.Infrastructure.TokenPool;

// Ledger throughput: reserve + commit against the real PostgreSQL, on a database of its own.
// Usage: ./bench.sh ledger [seconds=10] [concurrency=16] [users=2000]
var seconds = args.Length > 0 ? int.Parse(args[0]) : 10;
var concurrency = args.Length > 1 ? int.Parse(args[1]) : 16;
var userCount = args.Length > 2 ? int.Parse(args[2]) : 2000;

var server = new NpgsqlConnectionStringBuilder(DatabaseSettings.ToConnectionString(
    Environment.GetEnvironmentVariable("DATABASE_URL") ?? DatabaseSettings.DefaultUrl, out _));
var admin = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "postgres", Pooling = false };
var name = $"s1kv_bench_{Guid.NewGuid():N}"[..30];
await Execute(admin.ConnectionString, $"CREATE DATABASE \"{name}\"");
var connectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name, MaxPoolSize = concurrency + 4 }.ConnectionString;
try
{
    var options = new DbContextOptionsBuilder<AppDbContext>();
    AppDbContext.Configure(options, connectionString);
    await using (var db = new AppDbContext(options.Options))
    {
        await db.Database.MigrateAsync();
        var users = Enumerable.Range(0, userCount).Select(i => User.Create($"bench{i}@example.test", null, null, DateTimeOffset.UtcNow)).ToList();
        users.ForEach(u => u.ChangeTier(Tier.Enterprise));
        db.Users.AddRange(users);
        await db.SaveChangesAsync();
    }

    await using var dataSource = NpgsqlDataSource.Create(connectionString);
    await using (var db = new AppDbContext(options.Options))
    {
        var ids = await db.Users.Select(u => u.Id).ToArrayAsync();
        var ledger = new PostgresTokenLedger(dataSource, new PoolSettings(new PoolBases(10_000_000, 10_000_000)), TimeProvider.System);
        var latencies = new List<double>[concurrency];
        var stop = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            latencies[worker] = [];
            var random = new Random(worker);
            while (stop.Elapsed < deadline)
            {
                var started = Stopwatch.GetTimestamp();
                var receipt = await ledger.ReserveAsync(ids[random.Next(ids.Length)], MusicModel.V5, "bench", CancellationToken.None);
                latencies[worker].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (receipt.IsSuccess)
                {
                    await ledger.CommitAsync(receipt.Value.ReservationId, "bench", CancellationToken.None);
                }
            }
        })));
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double P(double q) => all[(int)Math.Min(all.Length - 1, q * all.Length)];
        Console.WriteLine($"ledger: {all.Length} reservations (each followed by its commit) in {stop.Elapsed.TotalSeconds:0.0} s with {concurrency} concurrent callers");
        Console.WriteLine($"ledger: {all.Length / stop.Elapsed.TotalSeconds:0} reservations/s (+ as many commits); reserve latency p50 {P(0.5):0.0} ms, p99 {P(0.99):0.0} ms");
    }
}
finally
{
    NpgsqlConnection.ClearAllPools();
    await Execute(admin.ConnectionString, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
}

static async Task Execute(string connectionString, string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    await command.ExecuteNonQueryAsync();
}
