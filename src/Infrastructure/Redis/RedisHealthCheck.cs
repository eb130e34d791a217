using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Son1kVers3.Infrastructure.Redis;

/// <summary>
/// Redis answers: Healthy. Redis away: Degraded, not Unhealthy, since the server still serves
/// queries and mutations (rate limits fall back to memory, events wait in the publish queue);
/// only live updates across instances pause. The backplane's counters go in the data.
/// </summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis, RedisSettings settings, BackplanePublisher publisher) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["prefix"] = settings.Prefix,
            ["droppedEvents"] = publisher.DroppedEvents,
            ["queuedEvents"] = publisher.QueuedEvents,
        };
        if (!redis.IsConnected)
        {
            return Degraded("Redis is not connected", data);
        }

        try
        {
            var latency = await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy($"PING answered in {latency.TotalMilliseconds:0.#} ms", data);
        }
        catch (Exception ex) when (RedisCircuit.IsOutage(ex))
        {
            return Degraded("Redis does not answer: " + ex.Message, data);
        }
    }

    private static HealthCheckResult Degraded(string problem, IReadOnlyDictionary<string, object> data) =>
        HealthCheckResult.Degraded(problem + "; serving without it (rate limits per instance, live updates paused)", data: data);
}
