using Npgsql;

namespace Son1kVers3.Infrastructure.Persistence;

/// <summary>
/// Small helpers for the few hot paths written in SQL (@p0, @p1, … are the arguments in order).
/// The hottest statements (a reservation's read and statement, a worker's claim, step and settlement) are prepared before
/// they run (<c>PrepareAsync</c>): PostgreSQL then parses and plans each once per physical connection, not on every
/// execution (parsing, analysis and planning were 42 % of PostgreSQL's CPU in <c>./bench.sh gen</c>), and Npgsql finds it
/// prepared on later calls, with no extra round trip. Explicitly, on our own fresh commands, and not with automatic
/// preparation for every command (DB_MAX_AUTO_PREPARE): in Npgsql 10.0.3 that turns the first EF Core query after a
/// PostgreSQL outage into a NullReferenceException, on a command object (by our reading of its source) that the pooled context's
/// connection recycles with a preparation left half done (npgsql/npgsql#6433 changed that code after 10.0.3; no later version is served here).
/// </summary>
internal static class Sql
{
    public static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, params object?[] args)
    {
        var command = new NpgsqlCommand(sql, connection, tx);
        for (var i = 0; i < args.Length; i++)
        {
            command.Parameters.AddWithValue($"p{i}", args[i] ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>One command of a batch (several statements, one round trip).</summary>
    public static NpgsqlBatchCommand BatchCommand(string sql, params object?[] args)
    {
        var command = new NpgsqlBatchCommand(sql);
        for (var i = 0; i < args.Length; i++)
        {
            command.Parameters.AddWithValue($"p{i}", args[i] ?? DBNull.Value);
        }

        return command;
    }

    public static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, CancellationToken ct, params object?[] args)
    {
        await using var command = Command(connection, tx, sql, args);
        return await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task<T?> ScalarAsync<T>(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, CancellationToken ct, params object?[] args)
    {
        await using var command = Command(connection, tx, sql, args);
        var value = await command.ExecuteScalarAsync(ct);
        return value is null or DBNull ? default : (T)value;
    }
}
