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
/// user), reads the user's usage and the day's pool, lets <see cref="GenerationAllowance"/> decide,
/// and takes the token from one of the day's shard rows with the reservation and its movement in one
/// statement, last, all in one transaction (the caller's, when it stores the reservation's generation
/// with it): concurrent reservations lock different shards, so they do not wait for each other's commit. Settling claims the reservation with a conditional update, so it happens once.
/// </summary>
internal sealed class PostgresTokenLedger(NpgsqlDataSource dataSource, PoolSettings settings, TimeProvider clock, IEventFeed? events = null, AppMetrics? metrics = null, IUserRows? users = null) : ITokenLedger
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
            await UsageChangedAsync(userId);
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
    private const int LooksPerDecision = 4;
    private const string Savepoint = "ledger_reserve";

    /// <summary>The reservation or an expected error; null when the pool changed under the decision.</summary>
    private async Task<Result<ReservationReceipt>?> TryReserveAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid userId, MusicModel model, string reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = UtcDay.Of(now);

        // Quota and allocation are per user: the user's row serialises that user's reservations.
        var tier = await LedgerRows.LockUserAsync(connection, tx, userId, ct);
        if (tier is null)
        {
            return new Error(ErrorCodes.NotFound, "No user has this id.");
        }

        var plan = PlanCatalog.For(Enum.Parse<Tier>(tier));
        var usage = await LedgerRows.ReadUsageAsync(connection, tx, userId, today, withSharing: false, ct);
        var (pool, shards) = await ReadOrCreatePoolAsync(connection, tx, today, ct);
        var bucket = GenerationAllowance.Decide(plan, usage, model, Observed(pool));
        if (!bucket.IsSuccess)
        {
            return bucket.Error!;
        }

        var reservationId = Guid.CreateVersion7(now);
        var reservation = new Reservation(reservationId, userId, today, model, bucket.Value, now);
        // A shard chosen with room may fill while this waits for its lock: look again (a new statement sees
        // the latest figures) before deciding again from the start.
        for (var look = 0; look < LooksPerDecision; look++)
        {
            if (await LedgerRows.ReserveTokenAsync(connection, tx, reservation, pool[bucket.Value].Capacity, shards, Random.Shared.Next(shards), reason, ct))
            {
                return new ReservationReceipt(reservationId, bucket.Value, today);
            }
        }

        return null;
    }

    public Task<bool> CommitAsync(Guid reservationId, string reason, CancellationToken ct) =>
        SettleAsync(reservationId, ReservationState.Committed, MovementKind.Commit, reason, ct);

    public Task<bool> ReleaseAsync(Guid reservationId, string reason, CancellationToken ct) =>
        SettleAsync(reservationId, ReservationState.Released, MovementKind.Release, reason, ct);

    public async Task<DailyPool> GetPoolAsync(DateOnly day, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return Observed((await LedgerRows.ReadPoolAsync(connection, null, day, ct))?.Pool ?? DailyPool.Compute(day, settings.Bases, 0));
    }

    public async Task<Usage> GetUsageAsync(Guid userId, DateOnly today, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await LedgerRows.ReadUsageAsync(connection, null, userId, today, withSharing: true, ct);
    }

    private async Task<bool> SettleAsync(Guid reservationId, ReservationState state, MovementKind kind, string reason, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (await SettleInAsync(connection, tx, reservationId, kind == MovementKind.Commit, reason, ct) is not { } settled)
        {
            return false;
        }

        await tx.CommitAsync(ct);
        await PoolChangedAsync(settled.Day);
        await UsageChangedAsync(settled.UserId);
        return true;
    }

    /// <summary>
    /// Commits or releases a reservation inside the caller's transaction (the shared pool row is its
    /// last statement). The day whose pool changed and the user whose usage did, to announce after
    /// the commit; null when the reservation was already settled.
    /// </summary>
    internal async Task<(DateOnly Day, Guid UserId)?> SettleInAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid reservationId, bool commit, string reason, CancellationToken ct)
    {
        var (state, kind) = commit ? (ReservationState.Committed, MovementKind.Commit) : (ReservationState.Released, MovementKind.Release);
        var now = clock.GetUtcNow();
        if (await LedgerRows.ClaimReservationAsync(connection, tx, reservationId, state, now, ct) is not var (userId, day, bucket, shard))
        {
            return null;
        }

        await LedgerRows.RecordMovementAsync(connection, tx, reservationId, userId, day, bucket, kind, reason, now, ct);
        if (!commit)
        {
            await LedgerRows.LockUserAsync(connection, tx, userId, ct); // the usage drops: a new revision
        }

        await LedgerRows.SettleTokenAsync(connection, tx, day, shard, bucket, commit, ct); // the shared shard row, locked last
        return (day, userId);
    }

    /// <summary>After a commit that gave the user's row a new usage revision: its cached copies are stale (see <see cref="IUserRows"/>).</summary>
    internal Task UsageChangedAsync(Guid userId) =>
        users?.ChangedAsync(userId, CancellationToken.None) ?? Task.CompletedTask;

    internal Task PoolChangedAsync(DateOnly day) =>
        events?.PublishAsync(new PoolChanged(day), CancellationToken.None) ?? Task.CompletedTask;

    private async Task<(DailyPool Pool, int Shards)> ReadOrCreatePoolAsync(NpgsqlConnection connection, NpgsqlTransaction tx, DateOnly day, CancellationToken ct)
    {
        if (await LedgerRows.ReadPoolAsync(connection, tx, day, ct) is { Complete: true } read)
        {
            return (read.Pool, read.Shards);
        }

        await LedgerRows.CreatePoolAsync(connection, tx, day, settings.Bases, ct);
        var created = (await LedgerRows.ReadPoolAsync(connection, tx, day, ct))!.Value;
        return (created.Pool, created.Shards);
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
}
