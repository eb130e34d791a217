using Microsoft.Extensions.Logging;
using Son1kVers3.Application.Abstractions;
using StackExchange.Redis;

namespace Son1kVers3.Infrastructure.Redis;

/// <summary>
/// Fixed-window counters in Redis (INCRBY + EXPIRE in one script), shared by all instances.
/// If Redis does not answer, requests are let through and the failure is logged: an outage of
/// the limiter must not become an outage of sign-in.
/// </summary>
internal sealed class RedisRateLimiter(IConnectionMultiplexer redis, TimeProvider clock, ILogger<RedisRateLimiter> logger) : IRateLimiter
{
    private const string Script = """
        local count = redis.call('INCRBY', KEYS[1], ARGV[1])
        if count == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return { count, redis.call('PTTL', KEYS[1]) }
        """;

    public async Task<RateLimitDecision> HitAsync(string key, int hits, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        if (!redis.IsConnected)
        {
            logger.LogWarning("Rate limiter unavailable (Redis not connected); letting {Key} through", key);
            return new RateLimitDecision(true, TimeSpan.Zero);
        }

        var windowMs = (long)window.TotalMilliseconds;
        var windowIndex = clock.GetUtcNow().ToUnixTimeMilliseconds() / windowMs;
        try
        {
            var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(
                Script, [(RedisKey)$"ratelimit:{key}:{windowIndex}"], [hits, windowMs]))!;
            var count = (long)result[0];
            var ttl = TimeSpan.FromMilliseconds(Math.Max(1000, (long)result[1]));
            return new RateLimitDecision(count <= limit, ttl);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "Rate limiter unavailable; letting {Key} through", key);
            return new RateLimitDecision(true, TimeSpan.Zero);
        }
    }
}
