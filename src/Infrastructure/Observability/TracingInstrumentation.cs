using Npgsql;
using OpenTelemetry.Trace;

namespace Son1kVers3.Infrastructure.Observability;

/// <summary>Child spans of the adapters' I/O: PostgreSQL commands (Npgsql) and Redis calls.</summary>
public static class TracingInstrumentation
{
    public static TracerProviderBuilder AddInfrastructureInstrumentation(this TracerProviderBuilder tracing) =>
        tracing.AddNpgsql().AddRedisInstrumentation(redis => redis.FlushInterval = TimeSpan.FromSeconds(1));
}
