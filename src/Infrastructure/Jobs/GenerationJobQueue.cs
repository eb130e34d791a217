using Npgsql;
using Son1kVers3.Application.Generations;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Infrastructure.Persistence;

namespace Son1kVers3.Infrastructure.Jobs;

/// <summary>
/// Leases due generation jobs. SKIP LOCKED lets every instance claim different jobs; each claim
/// gets a new lease token (the fence every outcome write checks). A job claimed to submit is marked
/// Submitting by the claim's own statement: committed before its request can leave, so a crash from
/// then on is never resent (it costs no write of its own). The holder renews its leases
/// while it works; a lease that runs out (its worker died) makes the job due again for any instance.
/// </summary>
internal sealed class GenerationJobQueue(NpgsqlDataSource dataSource)
{
    /// <summary>Up to <paramref name="max"/> due jobs, oldest due first.</summary>
    public async Task<IReadOnlyList<JobLease>> ClaimDueAsync(int max, DateTimeOffset now, TimeSpan lease, string instanceId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = Sql.Command(connection, null, """
            WITH due AS (
                SELECT generation_id, step FROM generation_jobs
                WHERE due_at <= @p0 AND (lease_until IS NULL OR lease_until < @p0)
                ORDER BY due_at
                LIMIT @p2
                FOR UPDATE SKIP LOCKED)
            UPDATE generation_jobs AS job SET lease_until = @p1, lease_token = gen_random_uuid(), leased_by = @p3,
                step = CASE WHEN due.step = 'Submit' THEN 'Submitting' ELSE due.step END
            FROM due WHERE job.generation_id = due.generation_id
            RETURNING job.generation_id, job.lease_token, job.due_at, due.step, job.attempts
            """, now, now + lease, max, instanceId);
        var claimed = new List<(JobLease Lease, DateTimeOffset DueAt)>();
        await command.PrepareAsync(ct); // hot: see Sql
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            claimed.Add((new JobLease(reader.GetGuid(0), reader.GetGuid(1), instanceId, Enum.Parse<JobStep>(reader.GetString(3)), reader.GetInt32(4)), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return claimed.OrderBy(c => c.DueAt).Select(c => c.Lease).ToList();
    }

    /// <summary>Extends the leases still held by these tokens; the number renewed (a lease taken over meanwhile is not).</summary>
    public async Task<int> RenewAsync(IReadOnlyCollection<Guid> tokens, DateTimeOffset until, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = Sql.Command(connection, null, "UPDATE generation_jobs SET lease_until = @p0 WHERE lease_token = ANY(@p1)", until, tokens.ToArray());
        await command.PrepareAsync(ct); // hot: see Sql
        return await command.ExecuteNonQueryAsync(ct);
    }
}
