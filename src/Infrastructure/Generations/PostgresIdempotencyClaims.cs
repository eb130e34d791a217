using Npgsql;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Infrastructure.Persistence;

namespace Son1kVers3.Infrastructure.Generations;

/// <summary>
/// One autocommitted statement per claim: it inserts the key, or takes over a claim left without
/// a generation for too long, or reads the holder's input hash. Nothing stays locked between calls.
/// </summary>
internal sealed class PostgresIdempotencyClaims(NpgsqlDataSource dataSource, TimeProvider clock) : IIdempotencyClaims
{
    public async Task<ClaimOutcome> ClaimAsync(Guid userId, string key, string requestHash, TimeSpan abandonedAfter, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        for (var attempt = 0; ; attempt++)
        {
            await using var command = Sql.Command(connection, null, """
                WITH claimed AS (
                    INSERT INTO idempotency_claims AS c (user_id, key, request_hash, created_at) VALUES (@p0, @p1, @p2, @p3)
                    ON CONFLICT (user_id, key) DO UPDATE SET request_hash = excluded.request_hash, created_at = excluded.created_at
                    WHERE c.created_at < @p4
                      AND NOT EXISTS (SELECT 1 FROM generations g WHERE g.user_id = c.user_id AND g.idempotency_key = c.key)
                    RETURNING request_hash)
                SELECT true, request_hash FROM claimed
                UNION ALL
                SELECT false, request_hash FROM idempotency_claims WHERE user_id = @p0 AND key = @p1 AND NOT EXISTS (SELECT 1 FROM claimed)
                """, userId, key, requestHash, now, now - abandonedAfter);
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                return reader.GetBoolean(0) ? ClaimOutcome.Claimed
                    : reader.GetString(1) == requestHash ? ClaimOutcome.HeldWithSameInput
                    : ClaimOutcome.HeldWithOtherInput;
            }

            // The holder committed or gave up after this statement's snapshot: look again.
            if (attempt == 3)
            {
                return ClaimOutcome.HeldWithSameInput;
            }
        }
    }

    public async Task ForgetAsync(Guid userId, string key, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await Sql.ExecuteAsync(connection, null, "DELETE FROM idempotency_claims WHERE user_id = @p0 AND key = @p1", ct, userId, key);
    }
}
