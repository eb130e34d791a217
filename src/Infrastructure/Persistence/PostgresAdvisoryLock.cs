using Npgsql;
using Son1kVers3.Application.Abstractions;

namespace Son1kVers3.Infrastructure.Persistence;

/// <summary>
/// A PostgreSQL session advisory lock on a connection of its own; released (or dropped with the
/// connection) on dispose. Waiting is polling with pg_try_advisory_lock: between tries the
/// connection goes back to the pool, so waiters can never starve the pool of connections.
/// </summary>
internal sealed class PostgresAdvisoryLock(NpgsqlDataSource dataSource, TimeProvider clock) : IDistributedLock
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(100);

    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + wait;
        var pause = FirstPause;
        while (true)
        {
            if (await TryOnceAsync(name, cancellationToken) is { } held)
            {
                return held;
            }

            var left = deadline - clock.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return null;
            }

            var jittered = pause * (0.5 + Random.Shared.NextDouble());
            await Task.Delay(jittered < left ? jittered : left, cancellationToken);
            pause = pause * 2 < LongestPause ? pause * 2 : LongestPause;
        }
    }

    private async Task<IAsyncDisposable?> TryOnceAsync(string name, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            if (await Sql.ScalarAsync<bool>(connection, null, "SELECT pg_try_advisory_lock(hashtextextended(@p0, 0))", cancellationToken, name))
            {
                return new Held(connection, name);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
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
