using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.Generations;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Infrastructure.Persistence;
using Son1kVers3.Infrastructure.TokenPool;

namespace Son1kVers3.Infrastructure.Jobs;

/// <summary>
/// An outcome transaction is the DbContext's own transaction: the job-row lock,
/// the EF Core save and the ledger's settlement all run on its connection, so they
/// commit or roll back together.
/// </summary>
internal sealed class PostgresOutcomeTransactions(AppDbContext db, PostgresTokenLedger ledger) : IOutcomeTransactions
{
    public async Task<IOutcomeTransaction> BeginAsync(CancellationToken cancellationToken)
    {
        // A failed save fails the whole outcome transaction (it is rolled back and written again on fresh state), so
        // the savepoint EF Core would otherwise wrap each save in (two more round trips) buys nothing.
        db.Database.AutoSavepointsEnabled = false;
        return new Transaction(db, await db.Database.BeginTransactionAsync(cancellationToken), (NpgsqlConnection)db.Database.GetDbConnection(), ledger);
    }

    public async Task<bool> RescheduleAsync(JobLease lease, JobStep step, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        // As GenerationJob.Schedule: the same step again counts an attempt (Submitting retried as Submit too); another starts at 0.
        var next = step.ToString();
        return await db.Database.ExecuteSqlAsync($"""
            UPDATE generation_jobs SET
                attempts = CASE WHEN step = {next} OR ({next} = 'Submit' AND step = 'Submitting') THEN attempts + 1 ELSE 0 END,
                step = {next}, due_at = {dueAt}, lease_until = NULL, lease_token = NULL
            WHERE generation_id = {lease.GenerationId} AND lease_token = {lease.Token}
            """, cancellationToken) == 1;
    }

    private sealed class Transaction(AppDbContext db, IDbContextTransaction transaction, NpgsqlConnection connection, PostgresTokenLedger ledger) : IOutcomeTransaction
    {
        private readonly NpgsqlTransaction _tx = (NpgsqlTransaction)transaction.GetDbTransaction();
        private DateOnly? _poolChanged;
        private readonly HashSet<Guid> _usageChanged = [];

        public async Task<GenerationJob?> LockJobAsync(Guid generationId, CancellationToken cancellationToken) =>
            (await db.GenerationJobs.FromSql($"SELECT * FROM generation_jobs WHERE generation_id = {generationId} FOR UPDATE").ToListAsync(cancellationToken)).SingleOrDefault();

        public async Task SettleReservationAsync(Guid reservationId, bool commit, string reason, CancellationToken cancellationToken)
        {
            if (await ledger.SettleInAsync(connection, _tx, reservationId, commit, reason, cancellationToken) is { } settled)
            {
                _poolChanged = settled.Day;
                _usageChanged.Add(settled.UserId);
            }
        }

        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            await transaction.CommitAsync(cancellationToken);
            if (_poolChanged is { } day)
            {
                await ledger.PoolChangedAsync(day);
            }

            foreach (var userId in _usageChanged)
            {
                await ledger.UsageChangedAsync(userId);
            }
        }

        public ValueTask DisposeAsync()
        {
            db.Database.AutoSavepointsEnabled = true;
            return transaction.DisposeAsync();
        }
    }
}
