using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.Generations;
using Son1kVers3.Infrastructure.Persistence;

namespace Son1kVers3.Infrastructure.Jobs;

/// <summary>
/// The safety net for what a crash can leave behind: a reservation whose generation was never
/// stored, or whose generation ended without settling it. Past the hard limit, the first is
/// released and the second settled by its final state. Settling is once-only, so several
/// instances may sweep together.
/// </summary>
internal sealed class ReservationSweeper(
    NpgsqlDataSource dataSource,
    ITokenLedger ledger,
    GenerationSettings settings,
    WorkerSettings worker,
    TimeProvider clock,
    ILogger<ReservationSweeper> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!worker.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var swept = await SweepAsync(stoppingToken);
                if (swept > 0)
                {
                    logger.LogWarning("Settled {Count} reservation(s) left behind by interrupted generations", swept);
                }

                await Task.Delay(Every, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The reservation sweep failed; retrying");
                await Task.Delay(Every, clock, stoppingToken);
            }
        }
    }

    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var stuck = new List<(Guid Reservation, string? Status)>();
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        await using (var command = Sql.Command(connection, null, """
            SELECT r.id, g.status FROM token_reservations r
            LEFT JOIN generations g ON g.reservation_id = r.id
            WHERE r.state = 'Reserved' AND r.created_at < @p0
              AND (g.id IS NULL OR g.status IN ('Completed', 'Failed', 'Cancelled'))
            LIMIT 500
            """, clock.GetUtcNow() - settings.HardLimit - TimeSpan.FromMinutes(1)))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                stuck.Add((reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
            }
        }

        var settled = 0;
        foreach (var (reservation, status) in stuck)
        {
            var done = status == "Completed"
                ? await ledger.CommitAsync(reservation, "sweeper: generation completed", ct)
                : await ledger.ReleaseAsync(reservation, status is null ? "sweeper: generation never stored" : "sweeper: generation ended", ct);
            settled += done ? 1 : 0;
        }

        return settled;
    }
}
