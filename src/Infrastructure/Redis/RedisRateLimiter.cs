using Son1kVers3.Application.Abstractions;
using StackExchange.Redis;

namespace Son1kVers3.Infrastructure.Redis;

/// <summary>
/// Fixed-window counters in Redis (INCRBY + EXPIRE in one script), shared by all instances,
/// under this deployment's key prefix. While Redis is away (the circuit is open) the counters
/// are kept in this instance's memory instead: limits still apply, per instance, and no
/// request waits for Redis.
/// </summary>
internal sealed class RedisRateLimiter(IConnectionMultiplexer redis, RedisSettings settings, RedisCircuit circuit, TimeProvider clock) : IRateLimiter
{
    private const string Script = """
        local count = redis.call('INCRBY', KEYS[1], ARGV[1])
        if count == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return { count, redis.call('PTTL', KEYS[1]) }
        """;

    private readonly MemoryRateLimitWindows _fallback = new(clock);

    public async Task<RateLimitDecision> HitAsync(string key, int hits, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        if (!circuit.IsClosed)
        {
            return _fallback.Hit(key, hits, limit, window);
        }

        var windowMs = (long)window.TotalMilliseconds;
        var windowIndex = clock.GetUtcNow().ToUnixTimeMilliseconds() / windowMs;
        try
        {
            var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(
                Script, [settings.Key($"ratelimit:{key}:{windowIndex}")], [hits, windowMs]))!;
            var count = (long)result[0];
            var ttl = TimeSpan.FromMilliseconds(Math.Max(1000, (long)result[1]));
            return new RateLimitDecision(count <= limit, ttl);
        }
        catch (Exception ex) when (RedisCircuit.IsOutage(ex))
        {
            circuit.Failed(ex);
            return _fallback.Hit(key, hits, limit, window);
        }
    }
}
