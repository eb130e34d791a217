using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Son1kVers3.Integration.Tests.Support;

/// <summary>What a test server's connections have prepared, as PostgreSQL sees it (pg_prepared_statements is per connection).</summary>
public static class PreparedStatements
{
    /// <summary>
    /// The statements prepared on the server's pooled connections: up to 8 of them are held open at once (the test pool has 10),
    /// so each one read is a different physical connection, until <paramref name="enough"/> holds for what was read.
    /// </summary>
    public static async Task<List<string>> OnServerConnectionsAsync(IServiceProvider services, Func<List<string>, bool>? enough = null)
    {
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        var connections = new List<NpgsqlConnection>();
        var prepared = new List<string>();
        try
        {
            while (connections.Count < 8 && enough?.Invoke(prepared) != true)
            {
                var connection = await dataSource.OpenConnectionAsync();
                connections.Add(connection);
                await using var command = new NpgsqlCommand("SELECT statement FROM pg_prepared_statements", connection);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    prepared.Add(reader.GetString(0));
                }
            }
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }

        return prepared;
    }
}
