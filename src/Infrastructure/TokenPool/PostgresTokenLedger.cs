using Npgsql;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.Observability;
using Son1kVers3.Application.TokenPool;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Domain.Plans;
using Son1kVers3.Domain.Quotas;
using Son1kVers3.Domain.TokenPool;
using Son1kVers3.Infrastructure.Persistence;

namespace Son1kVers3.Infrastructure.TokenPool;

/// <summary>
/// The ledger on PostgreSQL. A reservation locks the user's row (quota and allocation are per
/// user), decides with the domain rules, writes the reservation and its ledger movement, and
/// takes the token with a guarded update of the day's pool row as its last statement, all in one
/// transaction (the caller's, when it stores the reservation's generation with it) (the shared row stays locked only for that update and the commit). Settling claims
/// the reservation with a conditional update, so it happens once.
/// </summary>
internal sealed class PostgresTokenLedger(NpgsqlDataSource dataSource, PoolSettings settings, TimeProvider clock, IEventFeed? events = null, AppMetrics? metrics = null) : ITokenLedger
{
    public async Task<Result<ReservationReceipt>> ReserveAsync(Guid userId, MusicModel model, string reason, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var reserved = await ReserveInAsync(connection, tx, userId, model, reason, ct);
        if (reserved.IsSuccess)
        {
            await tx.CommitAsync(ct);
            await PoolChangedAsync(reserved.Value.Day);
        }

        return reserved;
    }

    /// <summary>
    /// Reserves inside the caller's transaction (nothing is committed here). The shared pool row is
    /// locked only by the last statement; if another instance emptied the chosen bucket meanwhile,
    /// the guarded update finds nothing, this attempt is rolled back to its savepoint and the
    /// decision is taken again on fresh figures (it then falls back or refuses).
    /// </summary>
    internal async Task<Result<ReservationReceipt>> ReserveInAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid userId, MusicModel model, string reason, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await tx.SaveAsync(Savepoint, ct);
            var outcome = await TryReserveAsync(connection, tx, userId, model, reason, ct);
            if (outcome is { } decided)
            {
                await tx.ReleaseAsync(Savepoint, ct);
                return decided;
            }

            await tx.RollbackAsync(Savepoint, ct);
            if (attempt == MaxAttempts)
            {
                return new Error(ErrorCodes.PoolExhausted, "The shared token pool is under heavy demand; try again in a moment.");
            }
        }
    }

    private const int MaxAttempts = 5;
    private const string Savepoint = "ledger_reserve";

    /// <summary>The reservation or an expected error; null when the pool changed under the decision.</summary>
    private async Task<Result<ReservationReceipt>?> TryReserveAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid userId, MusicModel model, string reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = UtcDay.Of(now);

        // Quota and allocation are per user: the user's row serialises that user's reservations.
        var tier = await Sql.ScalarAsync<string>(connection, tx, "SELECT tier FROM users WHERE id = @p0 FOR UPDATE", ct, userId);
        if (tier is null)
        {
            return new Error(ErrorCodes.NotFound, "No user has this id.");
        }

        var plan = PlanCatalog.For(Enum.Parse<Tier>(tier));
        var usage = await ReadUsageAsync(connection, tx, userId, today, withSharing: false, ct);
        if (QuotaRules.CheckGeneration(plan, usage, model, today) is { } quotaError)
        {
            return quotaError;
        }

        var pool = await EnsurePoolAsync(connection, tx, today, ct);
        var bucket = TokenDraw.NextBucket(plan, usage.TokensToday, pool);
        if (!bucket.IsSuccess)
        {
            return bucket.Error!;
        }

        var reservationId = Guid.CreateVersion7(now);
        await Sql.ExecuteAsync(connection, tx, """
            INSERT INTO token_reservations (id, user_id, day, model, bucket, state, created_at)
            VALUES (@p0, @p1, @p2, @p3, @p4, 'Reserved', @p5)
            """, ct, reservationId, userId, today, model.ToString(), bucket.Value.ToString(), now);
        await RecordMovementAsync(connection, tx, reservationId, userId, today, bucket.Value, MovementKind.Reserve, reason, now, ct);

        var (column, perClient) = bucket.Value == Bucket.Free ? ("free", DailyPool.FreeTokensPerClient) : ("paid", DailyPool.PaidTokensPerClient);
        var taken = await Sql.ExecuteAsync(connection, tx, $"""
            UPDATE pool_days SET {column}_reserved = {column}_reserved + 1
            WHERE day = @p0 AND {column}_base + {perClient} * unique_clients - {column}_reserved - {column}_used > 0
            """, ct, today);
        if (taken == 0)
        {
            return null;
        }

        return new ReservationReceipt(reservationId, bucket.Value, today);
    }

    public Task<bool> CommitAsync(Guid reservationId, string reason, CancellationToken ct) =>
        SettleAsync(reservationId, ReservationState.Committed, MovementKind.Commit, reason, ct);

    public Task<bool> ReleaseAsync(Guid reservationId, string reason, CancellationToken ct) =>
        SettleAsync(reservationId, ReservationState.Released, MovementKind.Release, reason, ct);

    public async Task<DailyPool> GetPoolAsync(DateOnly day, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return Observed(await ReadPoolAsync(connection, null, day, ct) ?? DailyPool.Compute(day, settings.Bases, 0));
    }

    public async Task<Usage> GetUsageAsync(Guid userId, DateOnly today, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await ReadUsageAsync(connection, null, userId, today, withSharing: true, ct);
    }

    private async Task<bool> SettleAsync(Guid reservationId, ReservationState state, MovementKind kind, string reason, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (await SettleInAsync(connection, tx, reservationId, kind == MovementKind.Commit, reason, ct) is not { } day)
        {
            return false;
        }

        await tx.CommitAsync(ct);
        await PoolChangedAsync(day);
        return true;
    }

    /// <summary>
    /// Commits or releases a reservation inside the caller's transaction (the shared pool row is its
    /// last statement). The day whose pool changed, to announce after the commit; null when the
    /// reservation was already settled.
    /// </summary>
    internal async Task<DateOnly?> SettleInAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid reservationId, bool commit, string reason, CancellationToken ct)
    {
        var (state, kind) = commit ? (ReservationState.Committed, MovementKind.Commit) : (ReservationState.Released, MovementKind.Release);
        var now = clock.GetUtcNow();
        await using var claim = Sql.Command(connection, tx, """
            UPDATE token_reservations SET state = @p0, settled_at = @p1
            WHERE id = @p2 AND state = 'Reserved'
            RETURNING user_id, day, bucket
            """, state.ToString(), now, reservationId);
        Guid userId;
        DateOnly day;
        Bucket bucket;
        await using (var reader = await claim.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }

            (userId, day, bucket) = (reader.GetGuid(0), reader.GetFieldValue<DateOnly>(1), Enum.Parse<Bucket>(reader.GetString(2)));
        }

        await RecordMovementAsync(connection, tx, reservationId, userId, day, bucket, kind, reason, now, ct);
        var column = bucket == Bucket.Free ? "free" : "paid";
        var counters = commit
            ? $"{column}_reserved = {column}_reserved - 1, {column}_used = {column}_used + 1"
            : $"{column}_reserved = {column}_reserved - 1";
        await Sql.ExecuteAsync(connection, tx, $"UPDATE pool_days SET {counters} WHERE day = @p0", ct, day); // the shared row, locked last
        return day;
    }

    internal Task PoolChangedAsync(DateOnly day) =>
        events?.PublishAsync(new PoolChanged(day), CancellationToken.None) ?? Task.CompletedTask;

    private async Task<DailyPool> EnsurePoolAsync(NpgsqlConnection connection, NpgsqlTransaction tx, DateOnly day, CancellationToken ct)
    {
        await Sql.ExecuteAsync(connection, tx, """
            INSERT INTO pool_days (day, free_base, paid_base, unique_clients, free_reserved, free_used, paid_reserved, paid_used)
            VALUES (@p0, @p1, @p2, 0, 0, 0, 0, 0) ON CONFLICT (day) DO NOTHING
            """, ct, day, settings.Bases.Free, settings.Bases.Paid);
        return Observed((await ReadPoolAsync(connection, tx, day, ct))!);
    }

    /// <summary>Today's pool as last read, for the son1kvers3_pool_remaining gauge.</summary>
    private DailyPool Observed(DailyPool pool)
    {
        if (metrics is not null && pool.Date == UtcDay.Of(clock.GetUtcNow()))
        {
            metrics.PoolRemaining("free", pool.Free.Remaining);
            metrics.PoolRemaining("paid", pool.Paid.Remaining);
        }

        return pool;
    }

    private static async Task<DailyPool?> ReadPoolAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, DateOnly day, CancellationToken ct)
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

    /// <summary>Generations and tokens from the reservations; downloads and shares too when asked (not on the reserve path).</summary>
    private static async Task<Usage> ReadUsageAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, Guid userId, DateOnly today, bool withSharing, CancellationToken ct)
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

    private static async Task RecordMovementAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, Guid reservationId, Guid userId, DateOnly day, Bucket bucket,
        MovementKind kind, string reason, DateTimeOffset at, CancellationToken ct)
    {
        await Sql.ExecuteAsync(connection, tx, """
            INSERT INTO token_movements (reservation_id, user_id, day, bucket, kind, at, reason)
            VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6)
            """, ct, reservationId, userId, day, bucket.ToString(), kind.ToString(), at, reason.Length > 200 ? reason[..200] : reason);
    }
}
