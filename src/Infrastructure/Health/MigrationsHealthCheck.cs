using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Son1kVers3.Infrastructure.Persistence;

namespace Son1kVers3.Infrastructure.Health;

/// <summary>
/// Unhealthy while the database lacks a migration this build has: the schema is not the one the
/// code expects. While PostgreSQL does not answer this reports nothing new (the "postgres" check
/// is down and says why), so "down" names the cause alone.
/// </summary>
internal sealed class MigrationsHealthCheck(AppDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy(
                    $"{pending.Count} migration(s) not applied (last: {pending[^1]}); start with DB_MIGRATE_ON_START=true or apply them",
                    data: new Dictionary<string, object> { ["pending"] = pending.Count });
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException or OperationCanceledException or InvalidOperationException)
        {
            return HealthCheckResult.Healthy("Not checked: PostgreSQL does not answer (see the postgres check). " + ex.Message);
        }
    }
}
