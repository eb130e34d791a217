using Microsoft.Extensions.Logging;
using Npgsql;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Infrastructure.Persistence;

namespace Son1kVers3.Infrastructure.Auth;

/// <summary>
/// Sessions read from PostgreSQL (a family is live while one of its tokens is not revoked) through
/// a short per-instance cache, like the security stamps: ending a session evicts it here at once
/// and, through the event feed, on every other instance; were a message lost, the cache's lifetime
/// bounds how long another instance may still accept the session's access token.
/// </summary>
internal sealed class SessionLiveness(NpgsqlDataSource dataSource, IEventFeed feed, TimeProvider clock) : ISessionLiveness
{
    private readonly ExpiringCache<bool> _cache = new(TimeSpan.FromSeconds(10));

    public Task<bool> IsLiveAsync(Guid sessionId, CancellationToken cancellationToken) =>
        _cache.GetAsync(sessionId, clock.GetUtcNow(), ReadAsync, static _ => true, cancellationToken);

    /// <summary>Tells every instance that the session ended (call after committing the revocation).</summary>
    public async Task EndedAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        Evict(sessionId);
        await feed.PublishAsync(new SessionEnded(sessionId), cancellationToken);
    }

    public void Evict(Guid sessionId) => _cache.Evict(sessionId);

    public void EvictAll() => _cache.Clear();

    /// <summary>The shared read of the cache: cancelled with the cache's own bound, not with the request that started it (others may be waiting for it).</summary>
    private async Task<bool> ReadAsync(Guid sessionId, CancellationToken bound)
    {
        await using var connection = await dataSource.OpenConnectionAsync(bound);
        return await Sql.ScalarAsync<bool>(connection, null,
            "SELECT EXISTS (SELECT 1 FROM refresh_tokens WHERE family_id = @p0 AND revoked_at IS NULL)", bound, sessionId);
    }
}

/// <summary>Evicts this instance's cached liveness of a session ended on any instance, and tells the observers (its open WebSockets close).</summary>
internal sealed class EndedSessionListener(
    IEventFeed feed, SessionLiveness sessions, IEnumerable<ISessionEndObserver> observers, ILogger<EndedSessionListener> logger)
    : FeedListener<SessionEnded>(feed, SessionEnded.TopicName, logger)
{
    protected override void Handle(SessionEnded message)
    {
        sessions.Evict(message.SessionId);
        foreach (var observer in observers)
        {
            observer.SessionEnded(message.SessionId);
        }
    }

    protected override void Resynchronize() => sessions.EvictAll();
}
