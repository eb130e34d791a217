using System.Collections.Concurrent;
using Npgsql;

namespace Son1kVers3.Infrastructure.Auth;

/// <summary>
/// A short per-instance read-through cache of values read from PostgreSQL, kept true across
/// instances by evicting through the event feed: an entry lives <paramref name="lifetime"/> from the
/// moment its read began, so a lost eviction message is outlived by that much at most.
/// <list type="bullet">
/// <item>One read per key at a time: callers that miss while a read of their key runs wait for it
/// (32 requests of one user at the moment its entry expires make one read, not 32, and do not all
/// open connections of their own).</item>
/// <item>Read ahead: an entry used within its last quarter of life is read again in the background
/// while it is still served, so a key in use never expires on a request's path.</item>
/// <item>An eviction wins over a read that overlapped it: that read is answered but not kept, and
/// callers that come after the eviction do not join it.</item>
/// </list>
/// A shared read runs with a token of its own, cancelled after <see cref="ReadTimeout"/>: it is not
/// cancelled with one caller's token (others may be waiting for it), so without that bound a hanging
/// PostgreSQL kept one pooled connection per key until Npgsql's command timeout (30 s).
/// Expired entries are pruned once it holds more than <see cref="PruneAbove"/>, at most once per
/// lifetime (with more live entries than that, a scan on every store would only find none to remove).
/// </summary>
internal sealed class ExpiringCache<TValue>(TimeSpan lifetime)
{
    /// <summary>
    /// How long one shared read may take (these are one-row reads that PostgreSQL answers in about a millisecond):
    /// then it is cancelled, its connection goes back to the pool, and its callers are told PostgreSQL did not
    /// answer (a timeout, as Npgsql's own would tell them, so clients get SERVICE_UNAVAILABLE).
    /// </summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    private const int PruneAbove = 10_000;
    private readonly TimeSpan _readAhead = lifetime / 4;
    private readonly ConcurrentDictionary<Guid, (TValue Value, DateTimeOffset Until)> _entries = new();
    private readonly ConcurrentDictionary<Guid, Read> _reads = new();
    private long _nextPruneTicks;

    /// <summary>
    /// The value of <paramref name="key"/>: from the cache while its entry lives (read again in the
    /// background near its end), else from <paramref name="read"/>, shared with every caller that
    /// misses meanwhile. The result is kept when <paramref name="keep"/> says so and no eviction of the
    /// key overlapped the read. The shared read is not cancelled with one caller's token (each caller
    /// stops waiting on its own) but with its own, after <see cref="ReadTimeout"/>.
    /// </summary>
    public Task<TValue> GetAsync(Guid key, DateTimeOffset now, Func<Guid, CancellationToken, Task<TValue>> read, Func<TValue, bool> keep, CancellationToken cancellationToken)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Until > now)
        {
            if (entry.Until - now <= _readAhead && !_reads.ContainsKey(key))
            {
                Observe(Shared(key, now, read, keep));
            }

            return Task.FromResult(entry.Value);
        }

        return Shared(key, now, read, keep).WaitAsync(cancellationToken);
    }

    public void Evict(Guid key)
    {
        if (_reads.TryRemove(key, out var running))
        {
            running.Overlapped();
        }

        _entries.TryRemove(key, out _);
    }

    /// <summary>Forgets everything (eviction messages may have been missed while the backplane was away).</summary>
    public void Clear()
    {
        foreach (var key in _reads.Keys)
        {
            Evict(key);
        }

        _entries.Clear();
    }

    private Task<TValue> Shared(Guid key, DateTimeOffset readAt, Func<Guid, CancellationToken, Task<TValue>> read, Func<TValue, bool> keep)
    {
        var mine = new Read();
        var running = _reads.GetOrAdd(key, mine);
        return running.Start(() => ReadAndKeepAsync(key, running, readAt, read, keep));
    }

    private async Task<TValue> ReadAndKeepAsync(Guid key, Read running, DateTimeOffset readAt, Func<Guid, CancellationToken, Task<TValue>> read, Func<TValue, bool> keep)
    {
        using var bound = new CancellationTokenSource(ReadTimeout);
        try
        {
            var value = await read(key, bound.Token);
            if (keep(value))
            {
                Store(key, value, readAt);
                if (running.WasOverlapped)
                {
                    _entries.TryRemove(key, out _); // the eviction ran while this read did: the value may be older than the change
                }
            }

            return value;
        }
        catch (OperationCanceledException cancelled) when (bound.IsCancellationRequested)
        {
            throw new NpgsqlException($"PostgreSQL did not answer a cached read within {ReadTimeout.TotalSeconds:0} s.", new TimeoutException(cancelled.Message, cancelled));
        }
        finally
        {
            _reads.TryRemove(KeyValuePair.Create(key, running));
        }
    }

    private void Store(Guid key, TValue value, DateTimeOffset readAt)
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

    /// <summary>A read ahead runs after its request was answered: its failure leaves the entry to expire, and a later request reads again.</summary>
    private static void Observe(Task task) =>
        _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>One running read of a key: started once by whoever added it, joined by the rest.</summary>
    private sealed class Read
    {
        private readonly object _gate = new();
        private Task<TValue>? _task;
        private int _overlapped;

        // Full fences on both sides: the reader stores its entry then looks here, the eviction marks here then removes the entry.
        public bool WasOverlapped => Interlocked.CompareExchange(ref _overlapped, 0, 0) == 1;

        public void Overlapped() => Interlocked.Exchange(ref _overlapped, 1);

        public Task<TValue> Start(Func<Task<TValue>> run)
        {
            lock (_gate)
            {
                return _task ??= run();
            }
        }
    }
}
