using System.Collections.Concurrent;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// The serialised answers of public queries (see <see cref="PublicCaching.IsPublicQuery"/>), asked
/// anonymously and answered without errors, by <see cref="AnswerKey"/>: a repeated request is
/// answered with the same bytes without executing. Each answer is kept at most the public max-age;
/// the cache holds at most <see cref="AnswerCacheSettings.MaxEntries"/> answers and
/// <see cref="AnswerCacheSettings.MaxBytes"/> bytes (when full, expired answers are dropped, and a new
/// answer that still does not fit is not kept).
/// </summary>
public sealed class PublicAnswerCache(AnswerCacheSettings settings, PersistedDocumentSettings persisted)
{
    /// <summary>The response header of an answer served from this cache.</summary>
    public const string HitHeader = "X-Answer-Cache";

    private const int EntryOverheadBytes = 96;

    private readonly ConcurrentDictionary<AnswerKey, Entry> _entries = new();
    private readonly long _maxAgeMs = persisted.PublicMaxAgeSeconds * 1000L;
    private int _count;
    private long _bytes;
    private long _nextPruneAt;

    public bool Enabled => settings.Enabled && _maxAgeMs > 0;

    /// <summary>The answer kept for the key, or null when there is none or it expired.</summary>
    public byte[]? Find(AnswerKey key)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (Environment.TickCount64 < entry.ExpiresAt)
        {
            return entry.Answer;
        }

        Remove(key, entry);
        return null;
    }

    /// <summary>Keeps the answer for at most the max-age, when it fits the bounds; false when it was not kept.</summary>
    public bool Add(AnswerKey key, byte[] answer)
    {
        var size = answer.Length + (2L * key.Length) + EntryOverheadBytes;
        if (!Enabled || size > settings.MaxBytes)
        {
            return false;
        }

        if (!Reserve(size))
        {
            PruneExpired();
            if (!Reserve(size))
            {
                return false;
            }
        }

        var entry = new Entry(answer, Environment.TickCount64 + _maxAgeMs, size);
        if (_entries.TryAdd(key, entry))
        {
            return true;
        }

        Release(size);
        return false;
    }

    private bool Reserve(long size)
    {
        var count = Interlocked.Increment(ref _count);
        var bytes = Interlocked.Add(ref _bytes, size);
        if (count <= settings.MaxEntries && bytes <= settings.MaxBytes)
        {
            return true;
        }

        Release(size);
        return false;
    }

    private void Release(long size)
    {
        Interlocked.Decrement(ref _count);
        Interlocked.Add(ref _bytes, -size);
    }

    private void Remove(AnswerKey key, Entry entry)
    {
        if (_entries.TryRemove(new KeyValuePair<AnswerKey, Entry>(key, entry)))
        {
            Release(entry.Size);
        }
    }

    /// <summary>Drops the expired answers; at most once a second (a full cache of live answers is not scanned per request).</summary>
    private void PruneExpired()
    {
        var now = Environment.TickCount64;
        var next = Interlocked.Read(ref _nextPruneAt);
        if (now < next || Interlocked.CompareExchange(ref _nextPruneAt, now + 1000, next) != next)
        {
            return;
        }

        foreach (var (key, entry) in _entries)
        {
            if (now >= entry.ExpiresAt)
            {
                Remove(key, entry);
            }
        }
    }

    private sealed record Entry(byte[] Answer, long ExpiresAt, long Size);
}
