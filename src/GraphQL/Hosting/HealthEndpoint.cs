using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Son1kVers3.GraphQL.Hosting;

/// <summary>
/// GET /health: the state of PostgreSQL, its migrations and Redis as JSON, with each check's
/// figures, for humans. GET /health/ready (a readiness probe): 200 while the server serves:
/// PostgreSQL answers and has every migration; Redis away is Degraded and still 200 (queries and
/// mutations still work); 503 otherwise, "down" naming what is away. GET /health/live (a liveness
/// probe): 200 whenever the process answers, checking nothing, so a dependency outage never
/// gets the process restarted.
/// </summary>
public static class HealthEndpoint
{
    public static void MapHealthEndpoint(this WebApplication app)
    {
        // /health and /health/ready answer alike: 200 Healthy or Degraded, 503 Unhealthy.
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { ResponseWriter = WriteAsync });
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            down = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => e.Key).ToArray(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new
                {
                    status = e.Value.Status.ToString(),
                    description = e.Value.Description,
                    durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                    data = e.Value.Data.Count > 0 ? e.Value.Data : null,
                }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: context.RequestAborted);
    }
}
