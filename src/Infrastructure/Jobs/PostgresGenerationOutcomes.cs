using Microsoft.EntityFrameworkCore;
using Npgsql;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.Generations;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Infrastructure.Persistence;
using Son1kVers3.Infrastructure.TokenPool;

namespace Son1kVers3.Infrastructure.Jobs;

/// <summary>
/// Outcomes written without EF Core's change tracking: the generation is read with its tracks and its row version
/// (PostgreSQL's xmin), and a change is one self-committing statement of common table expressions: the fence (the job row,
/// locked, still under the writer's lease), the generation's update guarded by the version read, its tracks, the job's
/// next step or its end, and the ledger's settlement (see <see cref="LedgerRows.Settle"/>), each taking effect only if the
/// generation's update (or, when the generation did not change, the fence) did. A statement commits all of it or nothing.
/// </summary>
internal sealed class PostgresGenerationOutcomes(AppDbContext db, NpgsqlDataSource dataSource, PostgresTokenLedger ledger, TimeProvider clock) : IGenerationOutcomes
{
    private static readonly Func<AppDbContext, Guid, CancellationToken, Task<StoredRow?>> Read = EF.CompileAsyncQuery(
        (AppDbContext context, Guid id, CancellationToken _) => context.Generations.AsNoTracking().Include(g => g.Tracks)
            .Where(g => g.Id == id)
            .Select(g => new StoredRow(g, EF.Property<uint>(g, "Version")))
            .SingleOrDefault());

    private static readonly Func<AppDbContext, string, CancellationToken, Task<StoredRow?>> ReadByTask = EF.CompileAsyncQuery(
        (AppDbContext context, string taskId, CancellationToken _) => context.Generations.AsNoTracking().Include(g => g.Tracks)
            .Where(g => g.ProviderTaskId == taskId)
            .Select(g => new StoredRow(g, EF.Property<uint>(g, "Version")))
            .SingleOrDefault());

    public async Task<StoredGeneration?> ReadAsync(Guid generationId, CancellationToken cancellationToken) =>
        await Read(db, generationId, cancellationToken) is { } row ? new StoredGeneration(row.Generation, row.Version) : null;

    public async Task<StoredGeneration?> ReadByProviderTaskAsync(string taskId, CancellationToken cancellationToken) =>
        await ReadByTask(db, taskId, cancellationToken) is { } row ? new StoredGeneration(row.Generation, row.Version) : null;

    public async Task<OutcomeWrite> WriteAsync(GenerationOutcome outcome, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = OutcomeStatement.Build(outcome, clock.GetUtcNow(), connection);
        // Hot: see Sql. Its text has a row per track, and a generation keeps at most Generation.TracksPerGeneration (2), however
        // many clips a provider reports, so a connection holds at most a few prepared shapes of it.
        await command.PrepareAsync(cancellationToken);

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (fenced, written) = (reader.GetInt64(0) == 0, reader.GetInt64(1) == 1);
        var holder = (Token: reader.IsDBNull(2) ? (Guid?)null : reader.GetGuid(2), Instance: reader.IsDBNull(3) ? null : reader.GetString(3), Exists: reader.GetBoolean(4));
        var settled = reader.IsDBNull(5) ? ((DateOnly Day, Guid UserId)?)null : (reader.GetFieldValue<DateOnly>(5), reader.GetGuid(6));
        await reader.DisposeAsync();
        if (fenced)
        {
            // The job as this statement saw it: gone, or still under this lease (it ended or moved on as the statement ran).
            var ended = !holder.Exists || holder.Token == outcome.Lease!.Token;
            return new OutcomeWrite(OutcomeWritten.LeaseLost, ended ? null : holder.Instance ?? "unknown");
        }

        if (!written)
        {
            return new OutcomeWrite(OutcomeWritten.Stale);
        }

        if (settled is { } s)
        {
            await ledger.PoolChangedAsync(s.Day);
            await ledger.UsageChangedAsync(s.UserId);
        }

        return new OutcomeWrite(OutcomeWritten.Written);
    }

    public async Task<bool> RescheduleAsync(JobLease lease, GenerationJob job, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Sql.Command(connection, null, """
            UPDATE generation_jobs SET step = @p0, due_at = @p1, attempts = @p2, lease_until = NULL, lease_token = NULL
            WHERE generation_id = @p3 AND lease_token = @p4
            """, job.Step.ToString(), job.DueAt, job.Attempts, lease.GenerationId, lease.Token);
        await command.PrepareAsync(cancellationToken); // hot: see Sql
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private sealed record StoredRow(Generation Generation, uint Version);
}
