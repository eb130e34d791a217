using Npgsql;
using Son1kVers3.Domain.Plans;
using Son1kVers3.Domain.TokenPool;

namespace Son1kVers3.Benchmarks.Compare;

/// <summary>
/// Proves from the database alone that no token was spent twice or beyond a limit: the pool's
/// counters (summed over the day's shards) within its capacity and equal to the reservations behind them, no user beyond the
/// tier's daily allocation, no reservation committed twice.
/// </summary>
internal static class PoolLedgerAudit
{
    internal sealed record Outcome(bool Balanced, IReadOnlyList<string> Lines);

    /// <summary>
    /// SQL that lowers today's pool until about <paramref name="remainder"/> tokens are left, and stays a pool the server
    /// could have: its counters live in shards, each taking only up to its share of the capacity (a day's pool only grows,
    /// so no shard ever holds more than its share). A pool lowered to exactly its load + remainder would leave some shards
    /// above their new share and others with more room than the remainder (the sum of their room exceeds it by the
    /// others' excess). So the capacity is set to the shard count times the fullest shard's load, plus the remainder:
    /// every shard's share is at least its load, and what is left is the remainder plus the shards' imbalance
    /// (see <see cref="LeftSql"/>).
    /// </summary>
    public static string LeaveOnly(int remainder) => $"""
        UPDATE pool_days p SET paid_base = p.shards * s.paid + {remainder} - {DailyPool.PaidTokensPerClient} * p.unique_clients,
                               free_base = p.shards * s.free - {DailyPool.FreeTokensPerClient} * p.unique_clients
        FROM (SELECT day, max(free_reserved + free_used)::int AS free, max(paid_reserved + paid_used)::int AS paid FROM pool_day_shards GROUP BY day) s
        WHERE p.day = s.day AND p.day = (now() at time zone 'utc')::date
        """;

    /// <summary>SQL for the tokens left in today's pool, both buckets.</summary>
    public static readonly string LeftSql = $"""
        SELECT (p.free_base + {DailyPool.FreeTokensPerClient} * p.unique_clients) + (p.paid_base + {DailyPool.PaidTokensPerClient} * p.unique_clients)
               - (SELECT sum(free_reserved + free_used + paid_reserved + paid_used) FROM pool_day_shards s WHERE s.day = p.day)
        FROM pool_days p WHERE p.day = (now() at time zone 'utc')::date
        """;

    public static async Task<Outcome> RunAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var lines = new List<string>();
        var balanced = true;
        await using (var pool = new NpgsqlCommand($"""
            SELECT p.day,
                   p.free_base + {DailyPool.FreeTokensPerClient} * p.unique_clients, s.free_reserved, s.free_used,
                   p.paid_base + {DailyPool.PaidTokensPerClient} * p.unique_clients, s.paid_reserved, s.paid_used,
                   (SELECT count(*) FROM token_reservations r WHERE r.day = p.day AND r.bucket = 'Free' AND r.state = 'Reserved'),
                   (SELECT count(*) FROM token_reservations r WHERE r.day = p.day AND r.bucket = 'Free' AND r.state = 'Committed'),
                   (SELECT count(*) FROM token_reservations r WHERE r.day = p.day AND r.bucket = 'Paid' AND r.state = 'Reserved'),
                   (SELECT count(*) FROM token_reservations r WHERE r.day = p.day AND r.bucket = 'Paid' AND r.state = 'Committed')
            FROM pool_days p JOIN (SELECT day, sum(free_reserved)::int AS free_reserved, sum(free_used)::int AS free_used,
                                          sum(paid_reserved)::int AS paid_reserved, sum(paid_used)::int AS paid_used
                                   FROM pool_day_shards GROUP BY day) s ON s.day = p.day
            """, connection))
        await using (var reader = await pool.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var (freeCapacity, freeReserved, freeUsed) = (reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3));
                var (paidCapacity, paidReserved, paidUsed) = (reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6));
                var rows = (FreeReserved: reader.GetInt64(7), FreeCommitted: reader.GetInt64(8), PaidReserved: reader.GetInt64(9), PaidCommitted: reader.GetInt64(10));
                var within = freeReserved + freeUsed <= freeCapacity && paidReserved + paidUsed <= paidCapacity;
                var matches = freeReserved == rows.FreeReserved && freeUsed == rows.FreeCommitted && paidReserved == rows.PaidReserved && paidUsed == rows.PaidCommitted;
                balanced &= within && matches;
                lines.Add($"ledger: pool {reader.GetFieldValue<DateOnly>(0)}: paid {paidReserved} reserved + {paidUsed} used of {paidCapacity} (reservation rows {rows.PaidReserved} + {rows.PaidCommitted}), free {freeReserved} + {freeUsed} of {freeCapacity}: {(within ? "within capacity" : "OVER CAPACITY")}, {(matches ? "counters match the reservations" : "COUNTERS DO NOT MATCH")}");
            }
        }

        var overAllocation = 0L;
        foreach (var plan in PlanCatalog.All)
        {
            await using var command = new NpgsqlCommand("""
                SELECT count(*) FROM (
                    SELECT r.user_id, r.day FROM token_reservations r JOIN users u ON u.id = r.user_id
                    WHERE r.state <> 'Released' AND u.tier = @tier GROUP BY r.user_id, r.day HAVING count(*) > @allocation) over_limit
                """, connection);
            command.Parameters.AddWithValue("tier", plan.Tier.ToString());
            command.Parameters.AddWithValue("allocation", (long)plan.TokenAllocation.Total);
            overAllocation += Convert.ToInt64(await command.ExecuteScalarAsync());
        }

        await using var twice = new NpgsqlCommand(
            "SELECT count(*) FROM (SELECT reservation_id FROM token_movements WHERE kind = 'Commit' GROUP BY reservation_id HAVING count(*) > 1) t", connection);
        var chargedTwice = Convert.ToInt64(await twice.ExecuteScalarAsync());
        balanced &= overAllocation == 0 && chargedTwice == 0;
        lines.Add($"ledger: users beyond their daily allocation: {overAllocation}; reservations committed twice: {chargedTwice}");
        return new Outcome(balanced, lines);
    }
}
