using Microsoft.EntityFrameworkCore;
using Npgsql;
using Son1kVers3.Domain.Plans;
using Son1kVers3.Infrastructure.Persistence;

namespace Son1kVers3.Benchmarks;

/// <summary>A database of the benchmark's own on the PostgreSQL at DATABASE_URL, dropped afterwards.</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _admin;

    private BenchDatabase(string admin, string connectionString, string name) => (_admin, ConnectionString, Name) = (admin, connectionString, name);

    public string ConnectionString { get; }
    public string Name { get; }

    /// <summary>Puts every user of this database on <paramref name="tier"/> (benchmarks measure the server, not the quotas).</summary>
    public async Task SetAllTiersAsync(Tier tier)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        AppDbContext.Configure(options, ConnectionString);
        await using var db = new AppDbContext(options.Options);
        foreach (var user in await db.Users.ToListAsync())
        {
            user.ChangeTier(tier);
        }

        await db.SaveChangesAsync();
    }

    /// <summary>A generation's status and when it last changed, as the database has it now (for a benchmark's miss).</summary>
    public async Task<string> StatusOfAsync(Guid generationId)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        AppDbContext.Configure(options, ConnectionString);
        await using var db = new AppDbContext(options.Options);
        var generation = await db.Generations.AsNoTracking().SingleOrDefaultAsync(g => g.Id == generationId);
        return generation is null ? "(no such generation)" : $"{generation.Status} since {generation.UpdatedAt:HH:mm:ss.fff}";
    }

    public static async Task<BenchDatabase> CreateAsync()
    {
        var server = new NpgsqlConnectionStringBuilder(DatabaseSettings.ToConnectionString(
            Environment.GetEnvironmentVariable("DATABASE_URL") ?? DatabaseSettings.DefaultUrl, out _));
        var admin = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        var name = $"s1kv_bench_{Guid.NewGuid():N}"[..30];
        await ExecuteAsync(admin, $"CREATE DATABASE \"{name}\"");
        return new BenchDatabase(admin, new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name }.ConnectionString, name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_admin, $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

internal static class Percentiles
{
    public static double Of(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Length - 1, q * sorted.Length)];
}
