using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Son1kVers3.Application.Abstractions;
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
    public async Task<IOutcomeTransaction> BeginAsync(CancellationToken cancellationToken) =>
        new Transaction(await db.Database.BeginTransactionAsync(cancellationToken), (NpgsqlConnection)db.Database.GetDbConnection(), ledger);

    private sealed class Transaction(IDbContextTransaction transaction, NpgsqlConnection connection, PostgresTokenLedger ledger) : IOutcomeTransaction
    {
        private readonly NpgsqlTransaction _tx = (NpgsqlTransaction)transaction.GetDbTransaction();
        private DateOnly? _poolChanged;
        private readonly HashSet<Guid> _usageChanged = [];

        public async Task<JobHolder?> LockJobAsync(Guid generationId, CancellationToken cancellationToken)
        {
            await using var command = Sql.Command(connection, _tx,
                "SELECT lease_token, leased_by FROM generation_jobs WHERE generation_id = @p0 FOR UPDATE", generationId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? new JobHolder(reader.IsDBNull(0) ? null : reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetString(1))
                : null;
        }

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

        public ValueTask DisposeAsync() => transaction.DisposeAsync();
    }
}
