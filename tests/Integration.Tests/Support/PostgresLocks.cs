using Npgsql;

namespace Son1kVers3.Integration.Tests.Support;

/// <summary>What PostgreSQL's sessions of the test database are waiting for, as another session sees it.</summary>
public static class PostgresLocks
{
    /// <summary>
    /// How many other sessions of the database wait for a lock now (one that <paramref name="observer"/> holds, say). The
    /// statistics snapshot is cleared first: inside a transaction PostgreSQL would otherwise answer from its first read.
    /// </summary>
    public static async Task<long> WaitingAsync(NpgsqlConnection observer)
    {
        await using (var clear = new NpgsqlCommand("SELECT pg_stat_clear_snapshot()", observer))
        {
            await clear.ExecuteNonQueryAsync();
        }

        await using var count = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()", observer);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
