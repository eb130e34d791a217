using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.Accounts;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Infrastructure.Auth;

namespace Son1kVers3.Infrastructure.Accounts;

/// <summary>
/// Users' rows for display, per instance, kept true the way the stamp and session caches are: a
/// change evicts the row here at once (after its commit, so this instance reads its own writes) and
/// on every other instance through the event feed; a read that overlapped an eviction is not kept,
/// and an entry lives <see cref="Lifetime"/> at most, which bounds a lost eviction message.
/// Why the event feed and not a PostgreSQL trigger with LISTEN/NOTIFY (which would catch every
/// writer by itself): every token reservation and release updates the user's row (usage_revision),
/// and a transaction that notifies takes PostgreSQL's cluster-wide notify lock from its pre-commit
/// until its commit is flushed, so all reservations would commit one after another. Publishing on
/// the feed costs the writer an in-memory enqueue. One way for all such caches: stamps, sessions
/// and these rows.
/// </summary>
internal sealed class UserRowCache(IEventFeed feed, TimeProvider clock, IServiceScopeFactory scopes) : IUserRows
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    private readonly ExpiringCache<User?> _cache = new(Lifetime);

    public Task<User?> GetAsync(Guid userId, CancellationToken cancellationToken) =>
        _cache.GetAsync(userId, clock.GetUtcNow(), ReadAsync, static user => user is not null, cancellationToken);

    public Task ChangedAsync(Guid userId, CancellationToken cancellationToken)
    {
        Evict(userId);
        return feed.PublishAsync(new UserChanged(userId), cancellationToken);
    }

    public void Evict(Guid userId) => _cache.Evict(userId);

    public void EvictAll() => _cache.Clear();

    /// <summary>
    /// The shared read of the cache, in a scope of its own: it may serve requests other than the one
    /// that started it, and a read ahead outlives its request; cancelled with the cache's own bound.
    /// </summary>
    private async Task<User?> ReadAsync(Guid userId, CancellationToken bound)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GetUser>().HandleAsync(userId, bound);
    }
}

/// <summary>Evicts this instance's cached row of a user changed on any instance.</summary>
internal sealed class UserChangedListener(IEventFeed feed, UserRowCache rows, ILogger<UserChangedListener> logger)
    : FeedListener<UserChanged>(feed, UserChanged.TopicName, logger)
{
    protected override void Handle(UserChanged message) => rows.Evict(message.UserId);

    protected override void Resynchronize() => rows.EvictAll();
}
