using Npgsql;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Infrastructure.Persistence;

namespace Son1kVers3.Infrastructure.Auth;

/// <summary>
/// Stamps read from PostgreSQL through a short per-instance cache. A change evicts the entry here
/// at once and, through the event feed, on every other instance; were a message lost (Redis
/// away), the cache's lifetime bounds how long another instance may still accept an old token.
/// </summary>
internal sealed class SecurityStamps(NpgsqlDataSource dataSource, IEventFeed feed, TimeProvider clock) : ISecurityStamps
{
    private readonly ExpiringCache<Guid?> _cache = new(TimeSpan.FromSeconds(10));

    public async Task<bool> IsCurrentAsync(Guid userId, string? stamp, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(stamp, "N", out var presented))
        {
            return false;
        }

        var current = await _cache.GetAsync(userId, clock.GetUtcNow(), ReadAsync, static _ => true, cancellationToken);
        return current == presented;
    }

    public async Task ChangedAsync(Guid userId, CancellationToken cancellationToken)
    {
        Evict(userId);
        await feed.PublishAsync(new SecurityStampChanged(userId), cancellationToken);
    }

    public void Evict(Guid userId) => _cache.Evict(userId);

    /// <summary>The shared read of the cache: cancelled with the cache's own bound, not with the request that started it (others may be waiting for it).</summary>
    private async Task<Guid?> ReadAsync(Guid userId, CancellationToken bound)
    {
        await using var connection = await dataSource.OpenConnectionAsync(bound);
        return await Sql.ScalarAsync<Guid?>(connection, null, "SELECT security_stamp FROM users WHERE id = @p0", bound, userId);
    }

    /// <summary>Forgets every cached stamp (eviction messages may have been missed while the backplane was away).</summary>
    public void EvictAll() => _cache.Clear();
}
