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
/// The ledger on PostgreSQL. A reservation reads the user's tier, usage revision and usage and the day's
/// pool (one round trip), lets <see cref="GenerationAllowance"/> decide, and takes the token from one of
/// the day's shard rows with the reservation, its movement and the caller's rows (its generation) in one
/// statement, guarded by the user's usage revision (quota and allocation are per user; every change of a
/// user's usage marks a new revision); on a conflict it decides again with the user's row locked.
/// Concurrent reservations take different shards, so they do not wait for each other's commit. Settling claims the reservation with a conditional update, so it happens once.
/// </summary>
internal sealed class PostgresTokenLedger(NpgsqlDataSource dataSource, PoolSettings settings, TimeProvider clock, IEventFeed? events = null, AppMetrics? metrics = null, IUserRows? users = null) : ITokenLedger
{
    public Task<Result<ReservationReceipt>> ReserveAsync(Guid userId, MusicModel model, string reason, CancellationToken ct) =>
        ReserveAsync(userId, model, Guid.CreateVersion7(clock.GetUtcNow()), reason, with: null, ct);

    /// <summary>
    /// Reserves, and writes the rows <paramref name="with"/> (a generation and its job) in the reservation's own
    /// statement, so both commit together or not at all. First without a transaction: one round trip reads what
    /// the decision needs, one statement takes the token only if the user's usage revision and tier are still
    /// those read (each statement commits on its own). If another reservation of the user, or a shard filling up,
    /// came in between, the decision is taken again inside a transaction that locks the user's row first.
    /// </summary>
    internal async Task<Result<ReservationReceipt>> ReserveAsync(Guid userId, MusicModel model, Guid reservationId, string reason, StoredWith? with, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var reserved = await TryReserveAsync(connection, null, userId, model, reservationId, reason, with, ct);
        for (var attempt = 1; reserved is null; attempt++)
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            for (var look = 0; look < LooksPerDecision && reserved is null; look++)
            {
                reserved = await TryReserveAsync(connection, tx, userId, model, reservationId, reason, with, ct);
            }

            if (reserved is { IsSuccess: true })
            {
                await tx.CommitAsync(ct);
            }
            else if (reserved is null && attempt == MaxAttempts)
            {
                reserved = new Error(ErrorCodes.PoolExhausted, "The shared token pool is under heavy demand; try again in a moment.");
            }
        }

        var outcome = reserved.Value;
        if (outcome.IsSuccess)
        {
            await PoolChangedAsync(outcome.Value.Day);
            await UsageChangedAsync(userId);
        }

        return outcome;
    }

    private const int MaxAttempts = 5;
    private const int LooksPerDecision = 4;

    /// <summary>
    /// The reservation or an expected error; null when nothing was taken (see <see cref="LedgerRows.ReserveTokenAsync"/>).
    /// Inside a transaction the user's row is locked by its first statement, so the user's usage cannot change under the decision.
    /// </summary>
    private async Task<Result<ReservationReceipt>?> TryReserveAsync(
        NpgsqlConnection connection, NpgsqlTransaction? tx, Guid userId, MusicModel model, Guid reservationId, string reason, StoredWith? with, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = UtcDay.Of(now);
        if (await LedgerRows.ReadInputsAsync(connection, tx, userId, today, lockUser: tx is not null, ct) is not { } inputs)
        {
            return new Error(ErrorCodes.NotFound, "No user has this id.");
        }

        var (pool, shards) = inputs.Pool is { Complete: true } read ? (read.Pool, read.Shards) : await CreatePoolAsync(connection, tx, today, settings.Bases, ct);
        var bucket = GenerationAllowance.Decide(PlanCatalog.For(Enum.Parse<Tier>(inputs.Tier)), inputs.Usage, model, Observed(pool));
        if (!bucket.IsSuccess)
        {
            return bucket.Error!;
        }

        var reservation = new Reservation(reservationId, userId, today, model, bucket.Value, now);
        var guard = tx is null ? new UserGuard(inputs.Tier, inputs.Revision) : null;
        return await LedgerRows.ReserveTokenAsync(connection, tx, reservation, guard, pool[bucket.Value].Capacity, shards, Random.Shared.Next(shards), reason, with, ct)
            ? new ReservationReceipt(reservationId, bucket.Value, today)
            : (Result<ReservationReceipt>?)null;
    }

    public Task<bool> CommitAsync(Guid reservationId, string reason, CancellationToken ct) =>
        SettleAsync(reservationId, commit: true, reason, ct);

    public Task<bool> ReleaseAsync(Guid reservationId, string reason, CancellationToken ct) =>
        SettleAsync(reservationId, commit: false, reason, ct);

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

    /// <summary>One autocommitted statement (see <see cref="LedgerRows.SettleAsync"/>).</summary>
    private async Task<bool> SettleAsync(Guid reservationId, bool commit, string reason, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        if (await LedgerRows.SettleAsync(connection, null, reservationId, commit, reason, clock.GetUtcNow(), ct) is not { } settled)
        {
            return false;
        }

        await PoolChangedAsync(settled.Day);
        await UsageChangedAsync(settled.UserId);
        return true;
    }

    /// <summary>After a commit that gave the user's row a new usage revision: its cached copies are stale (see <see cref="IUserRows"/>).</summary>
    internal Task UsageChangedAsync(Guid userId) =>
        users?.ChangedAsync(userId, CancellationToken.None) ?? Task.CompletedTask;

    internal Task PoolChangedAsync(DateOnly day) =>
        events?.PublishAsync(new PoolChanged(day), CancellationToken.None) ?? Task.CompletedTask;

    /// <summary>The day's row and shards where missing (a new day), then the day's pool as it is now.</summary>
    private static async Task<(DailyPool Pool, int Shards)> CreatePoolAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, DateOnly day, PoolBases bases, CancellationToken ct)
    {
        await LedgerRows.CreatePoolAsync(connection, tx, day, bases, ct);
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
