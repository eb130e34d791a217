using Npgsql;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Domain.Quotas;
using Son1kVers3.Domain.TokenPool;
using Son1kVers3.Infrastructure.Persistence;

namespace Son1kVers3.Infrastructure.TokenPool;

/// <summary>A reservation about to be written.</summary>
internal sealed record Reservation(Guid Id, Guid UserId, DateOnly Day, MusicModel Model, Bucket Bucket, DateTimeOffset At);

/// <summary>The figures a reservation is decided on: the user's tier and usage revision, their usage, and the day's pool (null before the day's row exists).</summary>
internal sealed record ReservationInputs(string Tier, long Revision, Usage Usage, PoolRead? Pool);

/// <summary>A day's pool as read: its figures, its shard count, and whether every shard row exists.</summary>
internal readonly record struct PoolRead(DailyPool Pool, int Shards, bool Complete);

/// <summary>What a reservation taken without the user's row locked requires to still hold as it is written.</summary>
internal sealed record UserGuard(string Tier, long Revision);

/// <summary>
/// Rows written in a reservation's statement, only if the token is taken: common table expressions, each starting
/// with a comma, that read the reservation's id from <c>reserved</c>, with parameters of their own names.
/// </summary>
internal sealed record StoredWith(string Ctes, IReadOnlyList<NpgsqlParameter> Parameters);

/// <summary>The ledger's reads and writes on PostgreSQL; no rule is decided here (see GenerationAllowance).</summary>
internal static class LedgerRows
{
    private const string PoolSql = """
        SELECT p.free_base, p.paid_base, p.unique_clients, p.shards, count(s.shard),
               coalesce(sum(s.free_reserved), 0)::int, coalesce(sum(s.free_used), 0)::int,
               coalesce(sum(s.paid_reserved), 0)::int, coalesce(sum(s.paid_used), 0)::int
        FROM pool_days p LEFT JOIN pool_day_shards s ON s.day = p.day
        WHERE p.day = @p0 GROUP BY p.day
        """;

    /// <summary>The day's pool (figures summed over its shards), its shard count and whether every shard row exists; null without the day's row.</summary>
    public static async Task<PoolRead?> ReadPoolAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, DateOnly day, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, tx, PoolSql, day);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await PoolFromAsync(reader, day, ct);
    }

    /// <summary>
    /// What a reservation decides on, in one round trip: the user's tier and usage revision (with <paramref name="lockUser"/>,
    /// the user's row locked and marked with a new revision first), the user's usage and the day's pool. Null without such a user.
    /// </summary>
    public static async Task<ReservationInputs?> ReadInputsAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, Guid userId, DateOnly day, bool lockUser, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, tx);
        batch.BatchCommands.Add(Sql.BatchCommand(lockUser
            ? "UPDATE users SET usage_revision = usage_revision + 1 WHERE id = @p0 RETURNING tier, usage_revision"
            : "SELECT tier, usage_revision FROM users WHERE id = @p0", userId));
        batch.BatchCommands.Add(Sql.BatchCommand(UsageSql(withSharing: false), userId, day, UtcDay.StartOf(day)));
        batch.BatchCommands.Add(Sql.BatchCommand(PoolSql, day));
        await batch.PrepareAsync(ct); // hot: see Sql
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var user = await reader.ReadAsync(ct) ? (Tier: reader.GetString(0), Revision: reader.GetInt64(1)) : default;
        await reader.NextResultAsync(ct);
        var usage = await UsageFromAsync(reader, ct);
        await reader.NextResultAsync(ct);
        var pool = await PoolFromAsync(reader, day, ct);
        return user.Tier is null ? null : new ReservationInputs(user.Tier, user.Revision, usage, pool);
    }

    private static async Task<PoolRead?> PoolFromAsync(NpgsqlDataReader reader, DateOnly day, CancellationToken ct)
    {
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var bases = new PoolBases(reader.GetInt32(0), reader.GetInt32(1));
        var movements = new BucketMovements(reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8));
        return new PoolRead(DailyPool.Compute(day, bases, reader.GetInt32(2), movements), reader.GetInt32(3), reader.GetInt64(4) == reader.GetInt32(3));
    }

    /// <summary>The day's row and its shards, where missing (a new day, or a day a client's visit created).</summary>
    public static Task CreatePoolAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, DateOnly day, PoolBases bases, CancellationToken ct) =>
        Sql.ExecuteAsync(connection, tx, """
            INSERT INTO pool_days (day, free_base, paid_base, unique_clients) VALUES (@p0, @p1, @p2, 0) ON CONFLICT (day) DO NOTHING;
            INSERT INTO pool_day_shards (day, shard, free_reserved, free_used, paid_reserved, paid_used)
            SELECT @p0, s, 0, 0, 0, 0 FROM generate_series(0, (SELECT shards FROM pool_days WHERE day = @p0) - 1) s
            ON CONFLICT DO NOTHING
            """, ct, day, bases.Free, bases.Paid);

    /// <summary>
    /// Takes one token of the bucket from a shard below its share of <paramref name="capacity"/> (looking from
    /// shard <paramref name="firstShard"/> on), and records the reservation and its movement with it, and the rows
    /// <paramref name="with"/> (a generation and its job), in one statement. With a <paramref name="guard"/> (the
    /// user's row not locked by this transaction), it takes nothing unless the user's tier and usage revision are
    /// still those the decision was taken on, and marks a new revision. False when nothing was taken: another
    /// reservation of the user came in between, or no shard had room as the statement ran (the caller decides again).
    /// </summary>
    public static async Task<bool> ReserveTokenAsync(
        NpgsqlConnection connection, NpgsqlTransaction? tx, Reservation reservation, UserGuard? guard, int capacity, int shards, int firstShard, string reason,
        StoredWith? with, CancellationToken ct)
    {
        var column = Column(reservation.Bucket);
        var share = PoolShards.CapacitySql("@p1", "@p2");
        var (guardCte, guarded) = guard is null
            ? ("", "")
            : ("""
               guard AS (
                   UPDATE users SET usage_revision = usage_revision + 1
                   WHERE id = @p5 AND usage_revision = @p10 AND tier = @p11 RETURNING id),
               """, "AND EXISTS (SELECT 1 FROM guard)");
        await using var command = Sql.Command(connection, tx, $"""
            WITH {guardCte}
            taken AS (
                UPDATE pool_day_shards SET {column}_reserved = {column}_reserved + 1
                WHERE day = @p0 AND {column}_reserved + {column}_used < {share} {guarded}
                  AND shard = (SELECT shard FROM pool_day_shards
                               WHERE day = @p0 AND {column}_reserved + {column}_used < {share}
                               ORDER BY (shard - @p3 + @p2) % @p2 LIMIT 1)
                RETURNING shard),
            reserved AS (
                INSERT INTO token_reservations (id, user_id, day, model, bucket, state, created_at, shard)
                SELECT @p4, @p5, @p0, @p6, @p7, 'Reserved', @p8, shard FROM taken
                RETURNING id),
            moved AS (
                INSERT INTO token_movements (reservation_id, user_id, day, bucket, kind, at, reason)
                SELECT id, @p5, @p0, @p7, 'Reserve', @p8, @p9 FROM reserved)
            {with?.Ctes}
            SELECT count(*) FROM reserved
            """, reservation.Day, capacity, shards, firstShard, reservation.Id, reservation.UserId, reservation.Model.ToString(),
            reservation.Bucket.ToString(), reservation.At, Reason(reason), guard?.Revision ?? 0L, guard?.Tier ?? "");
        foreach (var parameter in with?.Parameters ?? [])
        {
            command.Parameters.Add(parameter.Clone()); // a parameter belongs to one command; a retry sends another
        }

        await command.PrepareAsync(ct); // hot: see Sql
        return (long)(await command.ExecuteScalarAsync(ct))! == 1;
    }

    /// <summary>
    /// Commits or releases a reservation still Reserved, in one statement: claims it, records the movement, marks a new
    /// usage revision on the user's row when released (the usage drops), then moves the token on its shard (the shared
    /// row, locked last: it waits for the user's row, as a reservation does). The day, or null when it was already settled.
    /// </summary>
    public static async Task<(DateOnly Day, Guid UserId)?> SettleAsync(
        NpgsqlConnection connection, NpgsqlTransaction? tx, Guid reservationId, bool commit, string reason, DateTimeOffset at, CancellationToken ct)
    {
        var settle = Settle(reservationId, commit, reason, at);
        await using var command = new NpgsqlCommand($"WITH {settle.Ctes} SELECT day, user_id FROM claimed", connection, tx);
        command.Parameters.AddRange(settle.Parameters);
        await command.PrepareAsync(ct); // hot: see Sql
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetFieldValue<DateOnly>(0), reader.GetGuid(1)) : null;
    }

    /// <summary>
    /// The settlement of <see cref="SettleAsync"/> as common table expressions (no leading WITH) for a caller's own statement,
    /// with parameters named s_*: it settles only where <paramref name="gate"/> (an SQL condition, if any) holds, and <c>claimed</c>
    /// returns the day and user_id of the reservation it settled (no row when already settled).
    /// </summary>
    public static (string Ctes, NpgsqlParameter[] Parameters) Settle(Guid reservationId, bool commit, string reason, DateTimeOffset at, string? gate = null)
    {
        var (state, kind) = commit ? (ReservationState.Committed, MovementKind.Commit) : (ReservationState.Released, MovementKind.Release);
        var used = commit ? 1 : 0;
        var ctes = $"""
            claimed AS (
                UPDATE token_reservations SET state = @s_state, settled_at = @s_at
                WHERE id = @s_reservation AND state = 'Reserved' {(gate is null ? "" : $"AND {gate}")}
                RETURNING user_id, day, bucket, shard),
            moved AS (
                INSERT INTO token_movements (reservation_id, user_id, day, bucket, kind, at, reason)
                SELECT @s_reservation, user_id, day, bucket, @s_kind, @s_at, @s_reason FROM claimed),
            revised AS (
                UPDATE users SET usage_revision = usage_revision + 1
                WHERE NOT @s_commit AND id = (SELECT user_id FROM claimed)
                RETURNING id),
            settled AS (
                UPDATE pool_day_shards AS s SET
                    free_reserved = free_reserved - CASE WHEN c.bucket = 'Free' THEN 1 ELSE 0 END,
                    free_used = free_used + CASE WHEN c.bucket = 'Free' THEN {used} ELSE 0 END,
                    paid_reserved = paid_reserved - CASE WHEN c.bucket = 'Paid' THEN 1 ELSE 0 END,
                    paid_used = paid_used + CASE WHEN c.bucket = 'Paid' THEN {used} ELSE 0 END
                FROM claimed c
                WHERE s.day = c.day AND s.shard = c.shard AND (SELECT count(*) FROM revised) >= 0)
            """;
        return (ctes,
        [
            new("s_state", state.ToString()), new("s_at", at), new("s_reservation", reservationId), new("s_kind", kind.ToString()),
            new("s_reason", Reason(reason)), new("s_commit", commit),
        ]);
    }

    /// <summary>Generations and tokens from the reservations; downloads and shares too when asked (not on the reserve path).</summary>
    public static async Task<Usage> ReadUsageAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, Guid userId, DateOnly today, bool withSharing, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, tx, UsageSql(withSharing), userId, today, UtcDay.StartOf(today));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await UsageFromAsync(reader, ct);
    }

    /// <summary>The usage query (@p0 the user, @p1 the day, @p2 the day's start).</summary>
    private static string UsageSql(bool withSharing)
    {
        var sharing = withSharing
            ? """
              (SELECT count(*) FROM downloads WHERE user_id = @p0 AND day = @p1),
              (SELECT count(*) FROM shares WHERE user_id = @p0),
              (SELECT count(*) FROM shares WHERE user_id = @p0 AND created_at >= @p2)
              """
            : "0::bigint, 0::bigint, 0::bigint";
        return $"""
            SELECT count(*),
                   count(*) FILTER (WHERE model = 'V3_5'),
                   count(*) FILTER (WHERE model = 'V5'),
                   count(*) FILTER (WHERE day = @p1),
                   {sharing}
            FROM token_reservations WHERE user_id = @p0 AND state <> 'Released'
            """;
    }

    private static async Task<Usage> UsageFromAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
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

    private static string Reason(string reason) => reason.Length > 200 ? reason[..200] : reason;

    private static string Column(Bucket bucket) => bucket == Bucket.Free ? "free" : "paid";
}
