using Npgsql;
using Son1kVers3.Application.Abstractions;

namespace Son1kVers3.Infrastructure.Persistence;

/// <summary>A PostgreSQL session advisory lock on a connection of its own; released (or dropped with the connection) on dispose.</summary>
internal sealed class PostgresAdvisoryLock(NpgsqlDataSource dataSource) : IDistributedLock
{
    public async Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await Sql.ExecuteAsync(connection, null, "SELECT pg_advisory_lock(hashtextextended(@p0, 0))", cancellationToken, name);
            return new Held(connection, name);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed class Held(NpgsqlConnection connection, string name) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await Sql.ExecuteAsync(connection, null, "SELECT pg_advisory_unlock(hashtextextended(@p0, 0))", CancellationToken.None, name);
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}
