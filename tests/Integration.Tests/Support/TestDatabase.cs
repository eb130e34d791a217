using Npgsql;
using Son1kVers3.Infrastructure.Persistence;

namespace Son1kVers3.Integration.Tests.Support;

/// <summary>
/// A database of its own on the real PostgreSQL at DATABASE_URL (test.sh brings it up), created
/// for one test run and dropped after it, so parallel test assemblies never share data.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly NpgsqlConnectionStringBuilder _admin;

    private TestDatabase(NpgsqlConnectionStringBuilder admin, string name)
    {
        _admin = admin;
        Name = name;
        // Many test servers share one PostgreSQL (100 connections by default): small pools that let idle connections go.
        ConnectionString = new NpgsqlConnectionStringBuilder(admin.ConnectionString)
        {
            Database = name,
            Pooling = true,
            MaxPoolSize = 10,
            ConnectionIdleLifetime = 5,
            ConnectionPruningInterval = 1,
        }.ConnectionString;
    }

    public string Name { get; }
    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var url = Environment.GetEnvironmentVariable("DATABASE_URL") ?? DatabaseSettings.DefaultUrl;
        var server = new NpgsqlConnectionStringBuilder(DatabaseSettings.ToConnectionString(url, out var problem));
        if (problem is not null)
        {
            throw new InvalidOperationException($"DATABASE_URL {problem}");
        }

        var admin = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "postgres", Pooling = false };
        var database = new TestDatabase(admin, $"s1kv_test_{Guid.NewGuid():N}"[..30]);
        await database.ExecuteOnServerAsync($"CREATE DATABASE \"{database.Name}\"");
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_admin.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
