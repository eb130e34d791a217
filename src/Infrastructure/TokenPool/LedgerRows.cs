using Npgsql;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Domain.Quotas;
using Son1kVers3.Domain.TokenPool;
using Son1kVers3.Infrastructure.Persistence;

namespace Son1kVers3.Infrastructure.TokenPool;

/// <summary>The ledger's reads and writes on PostgreSQL; no rule is decided here (see GenerationAllowance).</summary>
internal static class LedgerRows
{
    /// <summary>Locks the user's row for a change of their usage (and marks it with a new usage revision); the tier, or null without such a user.</summary>
    public static Task<string?> LockUserAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid userId, CancellationToken ct) =>
        Sql.ScalarAsync<string>(connection, tx, "UPDATE users SET usage_revision = usage_revision + 1 WHERE id = @p0 RETURNING tier", ct, userId);

    public static async Task<DailyPool?> ReadPoolAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, DateOnly day, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, tx, """
            SELECT free_base, paid_base, unique_clients, free_reserved, free_used, paid_reserved, paid_used
            FROM pool_days WHERE day = @p0
            """, day);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var bases = new PoolBases(reader.GetInt32(0), reader.GetInt32(1));
        var movements = new BucketMovements(reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6));
        return DailyPool.Compute(day, bases, reader.GetInt32(2), movements);
    }

    public static Task CreatePoolAsync(NpgsqlConnection connection, NpgsqlTransaction tx, DateOnly day, PoolBases bases, CancellationToken ct) =>
        Sql.ExecuteAsync(connection, tx, """
            INSERT INTO pool_days (day, free_base, paid_base, unique_clients, free_reserved, free_used, paid_reserved, paid_used)
            VALUES (@p0, @p1, @p2, 0, 0, 0, 0, 0) ON CONFLICT (day) DO NOTHING
            """, ct, day, bases.Free, bases.Paid);

    /// <summary>Takes one token from the bucket while it holds fewer than <paramref name="capacity"/>; false when it was full.</summary>
    public static async Task<bool> TakeTokenAsync(NpgsqlConnection connection, NpgsqlTransaction tx, DateOnly day, Bucket bucket, int capacity, CancellationToken ct)
    {
        var column = Column(bucket);
        return await Sql.ExecuteAsync(connection, tx, $"""
            UPDATE pool_days SET {column}_reserved = {column}_reserved + 1
            WHERE day = @p0 AND {column}_reserved + {column}_used < @p1
            """, ct, day, capacity) == 1;
    }

    /// <summary>Moves a reserved token to used (commit) or back to the bucket (release).</summary>
    public static Task SettleTokenAsync(NpgsqlConnection connection, NpgsqlTransaction tx, DateOnly day, Bucket bucket, bool commit, CancellationToken ct)
    {
        var column = Column(bucket);
        var counters = commit
            ? $"{column}_reserved = {column}_reserved - 1, {column}_used = {column}_used + 1"
            : $"{column}_reserved = {column}_reserved - 1";
        return Sql.ExecuteAsync(connection, tx, $"UPDATE pool_days SET {counters} WHERE day = @p0", ct, day);
    }

    /// <summary>Generations and tokens from the reservations; downloads and shares too when asked (not on the reserve path).</summary>
    public static async Task<Usage> ReadUsageAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, Guid userId, DateOnly today, bool withSharing, CancellationToken ct)
    {
        var sharing = withSharing
            ? """
              (SELECT count(*) FROM downloads WHERE user_id = @p0 AND day = @p1),
              (SELECT count(*) FROM shares WHERE user_id = @p0),
              (SELECT count(*) FROM shares WHERE user_id = @p0 AND created_at >= @p2)
              """
            : "0::bigint, 0::bigint, 0::bigint";
        await using var command = Sql.Command(connection, tx, $"""
            SELECT count(*),
                   count(*) FILTER (WHERE model = 'V3_5'),
                   count(*) FILTER (WHERE model = 'V5'),
                   count(*) FILTER (WHERE day = @p1),
                   {sharing}
            FROM token_reservations WHERE user_id = @p0 AND state <> 'Released'
            """, userId, today, UtcDay.StartOf(today));
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var generationsToday = (int)reader.GetInt64(3);
        var byModel = new Dictionary<MusicModel, int> { [MusicModel.V3_5] = (int)reader.GetInt64(1), [MusicModel.V5] = (int)reader.GetInt64(2) };
        return Usage.None with
        {
            GenerationsLifetime = (int)reader.GetInt64(0),
            GenerationsLifetimeByModel = byModel,
            GenerationsToday = generationsToday,
            TokensToday = generationsToday,
            DownloadsToday = (int)reader.GetInt64(4),
            SharesLifetime = (int)reader.GetInt64(5),
            SharesToday = (int)reader.GetInt64(6),
        };
    }

    public static Task InsertReservationAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, Guid reservationId, Guid userId, DateOnly day, MusicModel model, Bucket bucket, DateTimeOffset at, CancellationToken ct) =>
        Sql.ExecuteAsync(connection, tx, """
            INSERT INTO token_reservations (id, user_id, day, model, bucket, state, created_at)
            VALUES (@p0, @p1, @p2, @p3, @p4, 'Reserved', @p5)
            """, ct, reservationId, userId, day, model.ToString(), bucket.ToString(), at);

    public static Task RecordMovementAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, Guid reservationId, Guid userId, DateOnly day, Bucket bucket,
        MovementKind kind, string reason, DateTimeOffset at, CancellationToken ct) =>
        Sql.ExecuteAsync(connection, tx, """
            INSERT INTO token_movements (reservation_id, user_id, day, bucket, kind, at, reason)
            VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6)
            """, ct, reservationId, userId, day, bucket.ToString(), kind.ToString(), at, reason.Length > 200 ? reason[..200] : reason);

    private static string Column(Bucket bucket) => bucket == Bucket.Free ? "free" : "paid";
}
