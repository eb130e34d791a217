namespace Son1kVers3.GraphQL.Execution.Fanout;

/// <summary>
/// One producer per key on this instance (one backplane subscription, one database read per
/// event), pushed to every local member of that key (<see cref="SharedStream{T}.Member"/>).
/// The producer starts with the first member and stops when the last one leaves (a member
/// that comes just then gets a fresh producer, never the stopping one); if it fails, every
/// member hears of the failure and the next member starts a fresh one.
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
    /// Adds <paramref name="member"/> to the stream of <paramref name="key"/>, starting its producer if it is the first;
    /// completes once the producer is ready (it throws what the producer failed with before it was ready, and the member has left).
    /// </summary>
    public async Task JoinAsync<T>(string key, SharedStream<T>.Member member, Func<SharedStream<T>, CancellationToken, Task> produce, CancellationToken ct)
    {
        SharedStream<T>? fresh = null;
        lock (_gate)
        {
            // Not joined when the key has no stream, or when its stream's last member has just left (it is stopping).
            if (!_streams.TryGetValue(key, out var existing) || !((SharedStream<T>)existing).Join(member))
            {
                fresh = new SharedStream<T>(() => Forget(key, fresh!));
                _streams[key] = fresh; // a stopping stream forgets only itself
                fresh.Join(member);
            }
        }

        fresh?.Start(produce);
        try
        {
            await member.Stream!.ReadyAsync(ct);
        }
        catch
        {
            member.Leave();
            throw;
        }
    }

    /// <summary>Joins the stream of <paramref name="key"/> with a queue of <paramref name="capacity"/> items for a reader that awaits them.</summary>
    public async Task<StreamQueue<T>> ListenAsync<T>(string key, int capacity, Func<SharedStream<T>, CancellationToken, Task> produce, CancellationToken ct)
    {
        var queue = new StreamQueue<T>(capacity);
        await JoinAsync(key, queue, produce, ct);
        return queue;
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
