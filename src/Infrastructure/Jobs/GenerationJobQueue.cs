using Npgsql;
using Son1kVers3.Infrastructure.Persistence;

namespace Son1kVers3.Infrastructure.Jobs;

/// <summary>
/// Leases due generation jobs. SKIP LOCKED lets every instance claim different jobs; a lease that
/// runs out (its worker died) makes the job due again for any instance.
/// </summary>
internal sealed class GenerationJobQueue(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<Guid>> ClaimDueAsync(int max, DateTimeOffset now, TimeSpan lease, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = Sql.Command(connection, null, """
            UPDATE generation_jobs SET lease_until = @p1
            WHERE generation_id IN (
                SELECT generation_id FROM generation_jobs
                WHERE due_at <= @p0 AND (lease_until IS NULL OR lease_until < @p0)
                ORDER BY due_at
                LIMIT @p2
                FOR UPDATE SKIP LOCKED)
            RETURNING generation_id
            """, now, now + lease, max);
        var claimed = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            claimed.Add(reader.GetGuid(0));
        }

        return claimed;
    }
}
