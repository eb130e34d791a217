using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Son1kVers3.Infrastructure.Redis;

/// <summary>
/// The circuit breaker in front of Redis. Closed (usable) while the connection is up and no
/// command failed in the last <see cref="BreakDuration"/>; open otherwise, so callers fall back
/// at once (rate limits in memory, events held in the publish queue) instead of each waiting
/// for a timeout. <see cref="Interrupted"/> fires when the connection is lost, <see cref="Restored"/> when it is back.
/// </summary>
internal sealed class RedisCircuit
{
    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(2);

    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger<RedisCircuit> _logger;
    private long _openUntil;
    private int _lost;

    public RedisCircuit(IConnectionMultiplexer redis, ILogger<RedisCircuit> logger)
    {
        _redis = redis;
        _logger = logger;
        redis.ConnectionFailed += (_, e) =>
        {
            Open();
            if (Interlocked.Exchange(ref _lost, 1) == 0)
            {
                _logger.LogWarning("Lost the connection to Redis ({Failure}); serving without it until it is back", e.FailureType);
            }

            Interrupted?.Invoke(e.Exception ?? new RedisException($"The connection to Redis was lost ({e.FailureType})"));
        };
        redis.ConnectionRestored += (_, _) =>
        {
            Interlocked.Exchange(ref _openUntil, 0);
            if (Interlocked.Exchange(ref _lost, 0) == 1)
            {
                _logger.LogInformation("Redis is reachable again");
                Restored?.Invoke();
            }
        };
    }

    /// <summary>The connection to Redis was lost (raised on the multiplexer's thread; handlers must return quickly).</summary>
    public event Action<Exception>? Interrupted;

    /// <summary>The connection to Redis is back after a loss (once per loss; raised on the multiplexer's thread).</summary>
    public event Action? Restored;

    /// <summary>Whether Redis may be used now.</summary>
    public bool IsClosed => _redis.IsConnected && Environment.TickCount64 >= Interlocked.Read(ref _openUntil);

    /// <summary>A command failed: Redis is left alone for <see cref="BreakDuration"/>.</summary>
    public void Failed(Exception failure)
    {
        if (Open())
        {
            _logger.LogWarning("Redis failed ({Reason}); falling back for {Seconds} s", failure.Message, BreakDuration.TotalSeconds);
        }
    }

    /// <summary>Opens the circuit; true if it was closed.</summary>
    private bool Open()
    {
        var now = Environment.TickCount64;
        var previous = Interlocked.Exchange(ref _openUntil, now + (long)BreakDuration.TotalMilliseconds);
        return previous <= now;
    }

    /// <summary>Whether an exception means Redis is unavailable (as opposed to a bug).</summary>
    public static bool IsOutage(Exception ex) => ex is RedisException or TimeoutException;

    /// <summary>Whether an exception itself is Redis refusing or timing out (what a client is told is away).</summary>
    public static bool IsUnavailable(Exception ex) => ex is RedisConnectionException or RedisTimeoutException;
}
