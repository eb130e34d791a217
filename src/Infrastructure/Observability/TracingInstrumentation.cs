using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry.Trace;

namespace Son1kVers3.Infrastructure.Observability;

/// <summary>
/// Child spans of the adapters' I/O, added to whatever tracer provider the host sets up:
/// PostgreSQL commands (Npgsql) and Redis calls (made from profiled commands, flushed every second).
/// </summary>
public static class TracingInstrumentation
{
    public static IServiceCollection AddInfrastructureTracing(this IServiceCollection services) =>
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing
            .AddNpgsql()
            .AddRedisInstrumentation(redis => redis.FlushInterval = TimeSpan.FromSeconds(1)));
}
