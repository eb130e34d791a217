using Microsoft.Extensions.Logging;
using Son1kVers3.Application.Abstractions;
using StackExchange.Redis;

namespace Son1kVers3.Infrastructure.Redis;

/// <summary>
/// APQ documents in Redis (<c>{prefix}:apq:{hash}</c>, with a time to live), so every instance
/// knows what a client registered on any of them. While Redis is away (the circuit is open) a
/// lookup finds nothing and a save is skipped: the client sends the text again, nothing fails.
/// </summary>
internal sealed class RedisAutomaticPersistedQueries(
    IConnectionMultiplexer redis, RedisSettings settings, RedisCircuit circuit, ILogger<RedisAutomaticPersistedQueries> logger) : IAutomaticPersistedQueries
{
    public async Task<string?> FindAsync(string sha256Hex, CancellationToken cancellationToken)
    {
        if (!circuit.IsClosed)
        {
            return null;
        }

        try
        {
            var value = await redis.GetDatabase().StringGetAsync(Key(sha256Hex));
            return value.HasValue ? value.ToString() : null;
        }
        catch (Exception ex) when (RedisCircuit.IsOutage(ex))
        {
            circuit.Failed(ex);
            logger.LogWarning("Persisted query lookup skipped: Redis is unavailable ({Reason})", ex.Message);
            return null;
        }
    }

    public async Task SaveAsync(string sha256Hex, string document, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        if (!circuit.IsClosed)
        {
            return;
        }

        try
        {
            await redis.GetDatabase().StringSetAsync(Key(sha256Hex), document, timeToLive);
        }
        catch (Exception ex) when (RedisCircuit.IsOutage(ex))
        {
            circuit.Failed(ex);
            logger.LogWarning("Persisted query not stored: Redis is unavailable ({Reason})", ex.Message);
        }
    }

    private RedisKey Key(string sha256Hex) => settings.Key($"apq:{sha256Hex}");
}
