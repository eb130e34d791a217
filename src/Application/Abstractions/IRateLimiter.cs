namespace Son1kVers3.Application.Abstractions;

/// <summary>Counts hits per key in fixed windows shared by every server instance.</summary>
public interface IRateLimiter
{
    /// <summary>Counts <paramref name="hits"/> against the key; says whether the limit was exceeded and when to retry.</summary>
    Task<RateLimitDecision> HitAsync(string key, int hits, int limit, TimeSpan window, CancellationToken cancellationToken);
}

public sealed record RateLimitDecision(bool Allowed, TimeSpan RetryAfter);
