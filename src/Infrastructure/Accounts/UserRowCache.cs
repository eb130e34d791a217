using Microsoft.Extensions.Logging;
using Son1kVers3.Application.Abstractions;
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
internal sealed class UserRowCache(IEventFeed feed, TimeProvider clock) : IUserRows
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    private readonly ExpiringCache<User> _cache = new(Lifetime);

    public async Task<User?> GetAsync(Guid userId, Func<CancellationToken, Task<User?>> read, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_cache.TryGet(userId, now, out var user))
        {
            return user;
        }

        var evictions = _cache.Evictions;
        user = await read(cancellationToken);
        if (user is not null)
        {
            _cache.SetUnlessEvicted(userId, user, now, evictions);
        }

        return user;
    }

    public Task ChangedAsync(Guid userId, CancellationToken cancellationToken)
    {
        Evict(userId);
        return feed.PublishAsync(new UserChanged(userId), cancellationToken);
    }

    public void Evict(Guid userId) => _cache.Evict(userId);

    public void EvictAll() => _cache.Clear();
}

/// <summary>Evicts this instance's cached row of a user changed on any instance.</summary>
internal sealed class UserChangedListener(IEventFeed feed, UserRowCache rows, ILogger<UserChangedListener> logger)
    : FeedListener<UserChanged>(feed, UserChanged.TopicName, logger)
{
    protected override void Handle(UserChanged message) => rows.Evict(message.UserId);

    protected override void Resynchronize() => rows.EvictAll();
}
