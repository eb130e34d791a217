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

namespace Son1kVers3.Benchmarks.Scenarios;

/// <summary>Ledger throughput: reserve + commit against the real PostgreSQL, on a database of its own.</summary>
internal static class LedgerBenchmark
{
    public static async Task RunAsync(int seconds, int concurrency, int userCount)
    {
        await using var database = await BenchDatabase.CreateAsync();
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = concurrency + 4 }.ConnectionString;
        var options = new DbContextOptionsBuilder<AppDbContext>();
        AppDbContext.Configure(options, connectionString);
        Guid[] ids;
        await using (var db = new AppDbContext(options.Options))
        {
            await db.Database.MigrateAsync();
            var users = Enumerable.Range(0, userCount).Select(i => User.Create($"bench{i}@example.test", null, null, DateTimeOffset.UtcNow)).ToList();
            users.ForEach(u => u.ChangeTier(Tier.Enterprise));
            db.Users.AddRange(users);
            await db.SaveChangesAsync();
            ids = users.Select(u => u.Id).ToArray();
        }

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
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
        Console.WriteLine($"ledger: {all.Length} reservations (each followed by its commit) in {stop.Elapsed.TotalSeconds:0.0} s with {concurrency} concurrent callers");
        Console.WriteLine($"ledger: {all.Length / stop.Elapsed.TotalSeconds:0} reservations/s (+ as many commits); reserve latency p50 {Percentiles.Of(all, 0.5):0.0} ms, p99 {Percentiles.Of(all, 0.99):0.0} ms");
    }
}
