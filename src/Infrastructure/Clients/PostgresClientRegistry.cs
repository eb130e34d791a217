using Npgsql;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.TokenPool;
using Son1kVers3.Domain.Common;
using Son1kVers3.Infrastructure.Persistence;

namespace Son1kVers3.Infrastructure.Clients;

/// <summary>
/// Records a visit in one transaction: a returning client is updated; a new one is created
/// unless its address already created its daily share (checked under a per-address advisory
/// lock, so concurrent starts cannot overshoot); the first visit of a UTC day adds the client
/// to that day's U and grows the pool.
/// </summary>
internal sealed class PostgresClientRegistry(NpgsqlDataSource dataSource, PoolSettings pool, IEventFeed events) : IClientRegistry
{
    public async Task<Result<bool>> RecordVisitAsync(ClientVisit visit, int maxNewClientsPerAddressPerDay, CancellationToken ct)
    {
        var day = UtcDay.Of(visit.At);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);

        var clientId = await Sql.ScalarAsync<Guid?>(connection, tx, """
            UPDATE clients SET last_seen = @p1, visits = visits + 1, user_agent = coalesce(@p2, user_agent),
                               country = @p3, city = @p4, user_id = coalesce(@p5, user_id)
            WHERE install_hash = @p0 RETURNING id
            """, ct, visit.InstallHash, visit.At, visit.UserAgent, visit.Country, visit.City, visit.UserId);

        if (clientId is null)
        {
            await Sql.ExecuteAsync(connection, tx, "SELECT pg_advisory_xact_lock(hashtextextended('client-address:' || @p0, 0))", ct, visit.Address);
            var createdToday = await Sql.ScalarAsync<long>(connection, tx,
                "SELECT count(*) FROM clients WHERE created_from_address = @p0 AND first_seen >= @p1 AND first_seen < @p2", ct,
                visit.Address, UtcDay.StartOf(day), UtcDay.StartOfNext(day));
            if (createdToday >= maxNewClientsPerAddressPerDay)
            {
                return new Error(ErrorCodes.ClientLimit,
                    $"This network address has registered {maxNewClientsPerAddressPerDay} new app installations today, the most allowed. It resets at {UtcDay.StartOfNext(day):yyyy-MM-ddTHH:mm:ssZ}.");
            }

            clientId = await Sql.ScalarAsync<Guid>(connection, tx, """
                INSERT INTO clients (id, install_hash, user_id, user_agent, country, city, created_from_address, first_seen, last_seen, visits)
                VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p7, 1)
                ON CONFLICT (install_hash) DO UPDATE SET last_seen = excluded.last_seen, visits = clients.visits + 1
                RETURNING id
                """, ct, Guid.CreateVersion7(visit.At), visit.InstallHash, visit.UserId, visit.UserAgent, visit.Country, visit.City, visit.Address, visit.At);
        }

        var newToday = await Sql.ExecuteAsync(connection, tx,
            "INSERT INTO client_days (day, client_id) VALUES (@p0, @p1) ON CONFLICT DO NOTHING", ct, day, clientId) == 1;
        if (newToday)
        {
            await Sql.ExecuteAsync(connection, tx, """
                INSERT INTO pool_days (day, free_base, paid_base, unique_clients)
                VALUES (@p0, @p1, @p2, 1)
                ON CONFLICT (day) DO UPDATE SET unique_clients = pool_days.unique_clients + 1
                """, ct, day, pool.Bases.Free, pool.Bases.Paid);
        }

        await tx.CommitAsync(ct);
        if (newToday)
        {
            await events.PublishAsync(new PoolChanged(day), ct);
        }

        return newToday;
    }
}
