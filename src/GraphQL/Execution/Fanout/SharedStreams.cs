namespace Son1kVers3.GraphQL.Execution.Fanout;

/// <summary>
/// One producer per key on this instance (one backplane subscription, one database read per
/// event), fanned out to every local subscriber of that key through a small queue of its own.
/// The producer starts with the first subscriber and stops when the last one leaves (a subscriber
/// that comes just then gets a fresh producer, never the stopping one); if it fails, every
/// subscriber's stream ends with the failure and the next subscriber starts a fresh one.
/// </summary>
public sealed class SharedStreams
{
    private readonly object _gate = new();
    private readonly Dictionary<string, ISharedStream> _streams = [];

    /// <summary>Producers running now (for tests and diagnostics).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _streams.Count;
            }
        }
    }

    /// <summary>
    /// Joins the stream of <paramref name="key"/>, starting its producer if it is the first; completes
    /// once the producer is ready (it throws what the producer failed with before it was ready).
    /// </summary>
    public async Task<SharedStream<T>.Listener> ListenAsync<T>(string key, int capacity, Func<SharedStream<T>, CancellationToken, Task> produce, CancellationToken ct)
    {
        SharedStream<T>? fresh = null;
        SharedStream<T>.Listener listener;
        lock (_gate)
        {
            // Null when the key has no stream, or when its stream's last listener has just left (it is stopping).
            if ((_streams.TryGetValue(key, out var existing) ? ((SharedStream<T>)existing).Join(capacity) : null) is { } joined)
            {
                listener = joined;
            }
            else
            {
                fresh = new SharedStream<T>(() => Forget(key, fresh!));
                _streams[key] = fresh; // a stopping stream forgets only itself
                listener = fresh.Join(capacity)!;
            }
        }

        fresh?.Start(produce);
        try
        {
            await listener.ReadyAsync(ct);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        return listener;
    }

    /// <summary>Removes the stream of the key, unless the key already has a newer one.</summary>
    private void Forget(string key, ISharedStream stream)
    {
        lock (_gate)
        {
            if (_streams.TryGetValue(key, out var current) && ReferenceEquals(current, stream))
            {
                _streams.Remove(key);
            }
        }
    }
}
