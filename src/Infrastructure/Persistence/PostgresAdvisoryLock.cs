using Npgsql;
using Son1kVers3.Application.Abstractions;

namespace Son1kVers3.Infrastructure.Persistence;

/// <summary>
/// A PostgreSQL advisory lock on a connection of its own, taken inside a transaction held open for the
/// hold (pg_try_advisory_xact_lock) and released when that transaction ends on dispose. Transaction-level,
/// not session-level: connections go back to the pool without a reset (DatabaseSettings), and Npgsql rolls
/// back a transaction left open on any connection returned, so a lock never outlives its holder, even one
/// whose request was cancelled just after the lock was granted. Waiting is polling: between tries the
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
            var tx = await connection.BeginTransactionAsync(cancellationToken);
            if (await Sql.ScalarAsync<bool>(connection, tx, "SELECT pg_try_advisory_xact_lock(hashtextextended(@p0, 0))", cancellationToken, name))
            {
                return new Held(connection, tx);
            }
        }
        catch
        {
            await connection.DisposeAsync(); // rolls back the transaction, and the lock with it if it was granted
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    private sealed class Held(NpgsqlConnection connection, NpgsqlTransaction tx) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await tx.RollbackAsync(CancellationToken.None); // nothing was written in it: ending it releases the lock
            }
            finally
            {
                await tx.DisposeAsync();
                await connection.DisposeAsync();
            }
        }
    }
}
