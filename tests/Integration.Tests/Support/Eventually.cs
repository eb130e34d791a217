namespace Son1kVers3.Integration.Tests.Support;

/// <summary>For what another instance learns through the event feed: read again until it shows, within a bound.</summary>
public static class Eventually
{
    /// <summary>Well under the per-instance caches' 10 s lifetime: a change must travel by eviction, not by expiry.</summary>
    public static readonly TimeSpan Moments = TimeSpan.FromSeconds(4);

    /// <summary>The last value read: <paramref name="expected"/> once it showed, or what showed when <see cref="Moments"/> ran out.</summary>
    public static async Task<T> ReadAsync<T>(Func<Task<T>> read, T expected)
    {
        var deadline = DateTime.UtcNow + Moments;
        var seen = await read();
        while (!EqualityComparer<T>.Default.Equals(seen, expected) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            seen = await read();
        }

        return seen;
    }
}
