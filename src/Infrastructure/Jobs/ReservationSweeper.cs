using System.Diagnostics.Metrics;
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
/// instances may sweep together. Each settlement is logged at warning level and counted
/// (son1kvers3.reservations.swept): with creates in one transaction, the sweeper should find nothing.
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

    /// <summary>Meter "Son1kVers3.Reservations", counter "son1kvers3.reservations.swept" (tag outcome: released or committed).</summary>
    private static readonly Meter Meter = new("Son1kVers3.Reservations");
    private static readonly Counter<long> Swept = Meter.CreateCounter<long>("son1kvers3.reservations.swept", description: "Reservations settled by the sweeper instead of their own transaction");

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
            var reason = status switch
            {
                "Completed" => "sweeper: generation completed",
                null => "sweeper: generation never stored",
                _ => "sweeper: generation ended",
            };
            var done = status == "Completed"
                ? await ledger.CommitAsync(reservation, reason, ct)
                : await ledger.ReleaseAsync(reservation, reason, ct);
            if (done)
            {
                // Once creates are one transaction the sweeper should find nothing: each catch is worth a look.
                settled++;
                Swept.Add(1, new KeyValuePair<string, object?>("outcome", status == "Completed" ? "committed" : "released"));
                logger.LogWarning("Sweeper {Outcome} reservation {ReservationId} ({Reason})", status == "Completed" ? "committed" : "released", reservation, reason);
            }
        }

        return settled;
    }
}
