using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Son1kVers3.Infrastructure.Auth;

/// <summary>
/// A short per-instance cache of values read from PostgreSQL, kept true across instances by
/// evicting through the event feed: an entry lives <paramref name="lifetime"/> from the moment its
/// read began, so a lost eviction message is outlived by that much at most. Expired entries are
/// pruned once it holds more than <see cref="PruneAbove"/>, at most once per lifetime (with more
/// live entries than that, a scan on every Set would only find none to remove).
/// </summary>
internal sealed class ExpiringCache<TValue>(TimeSpan lifetime)
{
    private const int PruneAbove = 10_000;
    private readonly ConcurrentDictionary<Guid, (TValue Value, DateTimeOffset Until)> _entries = new();
    private long _nextPruneTicks;
    private long _evictions;

    /// <summary>Grows with every eviction: take it before a read, and keep the read with <see cref="SetUnlessEvicted"/>.</summary>
    public long Evictions => Interlocked.Read(ref _evictions);

    public bool TryGet(Guid key, DateTimeOffset now, [MaybeNullWhen(false)] out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Until > now)
        {
            value = entry.Value;
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Keeps a value read at <paramref name="readAt"/> (taken before the read, so a change made meanwhile is not outlived).</summary>
    public void Set(Guid key, TValue value, DateTimeOffset readAt)
    {
        var due = Interlocked.Read(ref _nextPruneTicks);
        if (_entries.Count >= PruneAbove && readAt.UtcTicks >= due
            && Interlocked.CompareExchange(ref _nextPruneTicks, (readAt + lifetime).UtcTicks, due) == due)
        {
            foreach (var stale in _entries.Where(e => e.Value.Until <= readAt).Select(e => e.Key).ToList())
            {
                _entries.TryRemove(stale, out _);
            }
        }

        _entries[key] = (value, readAt + lifetime);
    }

    /// <summary>
    /// Keeps a value read at <paramref name="readAt"/> unless something was evicted since
    /// <paramref name="evictionsBefore"/> was taken (before the read): a change committed while the
    /// read ran may have been missed by it, so that read is not kept.
    /// </summary>
    public void SetUnlessEvicted(Guid key, TValue value, DateTimeOffset readAt, long evictionsBefore)
    {
        Set(key, value, readAt);
        if (Evictions != evictionsBefore)
        {
            _entries.TryRemove(key, out _);
        }
    }

    public void Evict(Guid key)
    {
        Interlocked.Increment(ref _evictions);
        _entries.TryRemove(key, out _);
    }

    /// <summary>Forgets everything (eviction messages may have been missed while the backplane was away).</summary>
    public void Clear()
    {
        Interlocked.Increment(ref _evictions);
        _entries.Clear();
    }
}
