using System.Collections.Concurrent;
using Son1kVers3.Application.Abstractions;

namespace Son1kVers3.Infrastructure.Redis;

/// <summary>
/// The same fixed-window counters as <see cref="RedisRateLimiter"/>, in this instance's memory:
/// the fallback while Redis is away, so limits still hold (per instance) during an outage.
/// Windows that have ended are swept every few seconds.
/// </summary>
internal sealed class MemoryRateLimitWindows(TimeProvider clock)
{
    private static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, Window> _windows = new();
    private long _nextSweepMs;

    public RateLimitDecision Hit(string key, int hits, int limit, TimeSpan window)
    {
        var nowMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var windowMs = (long)window.TotalMilliseconds;
        var index = nowMs / windowMs;
        var endsAtMs = (index + 1) * windowMs;
        SweepIfDue(nowMs);
        var counter = _windows.GetOrAdd($"{key}:{index}", _ => new Window(endsAtMs));
        var count = Interlocked.Add(ref counter.Count, hits);
        return new RateLimitDecision(count <= limit, TimeSpan.FromMilliseconds(Math.Max(1000, endsAtMs - nowMs)));
    }

    private void SweepIfDue(long nowMs)
    {
        var due = Interlocked.Read(ref _nextSweepMs);
        if (nowMs < due || Interlocked.CompareExchange(ref _nextSweepMs, nowMs + (long)SweepEvery.TotalMilliseconds, due) != due)
        {
            return;
        }

        foreach (var (key, window) in _windows)
        {
            if (window.EndsAtMs <= nowMs)
            {
                _windows.TryRemove(key, out _);
            }
        }
    }

    private sealed class Window(long endsAtMs)
    {
        public long Count;

        public long EndsAtMs { get; } = endsAtMs;
    }
}
