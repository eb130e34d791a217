namespace Son1kVers3.GraphQL.Execution.Fanout;

/// <summary>
/// Reads of one piece of state, one at a time, each numbered in the order it started. A caller
/// joins the read queued after the running one (so what it gets was read after it asked), and
/// every caller that asks while that read waits shares it: a burst of new subscribers and events
/// costs two reads, not one per caller.
/// </summary>
public sealed class CoalescedRead<T>(Func<CancellationToken, Task<T>> read, CancellationToken stop)
{
    private readonly object _gate = new();
    private readonly SemaphoreSlim _one = new(1, 1);
    private Task<Stamped<T>>? _next;
    private long _stamp;

    public Task<Stamped<T>> ReadAsync(CancellationToken ct)
    {
        Task<Task<Stamped<T>>>? start = null;
        Task<Stamped<T>> next;
        lock (_gate)
        {
            if (_next is null)
            {
                start = new Task<Task<Stamped<T>>>(RunAsync);
                _next = start.Unwrap();
            }

            next = _next;
        }

        // The read begins in this thread, outside the lock (no thread-pool hop on an event's path).
        start?.RunSynchronously(TaskScheduler.Default);
        return next.WaitAsync(ct);
    }

    private async Task<Stamped<T>> RunAsync()
    {
        await _one.WaitAsync(stop);
        try
        {
            long stamp;
            lock (_gate)
            {
                _next = null; // callers from now on need a read that starts after they asked
                stamp = ++_stamp;
            }

            return new Stamped<T>(await read(stop), stamp);
        }
        finally
        {
            _one.Release();
        }
    }
}

/// <summary>A value and the number of the read that produced it (later reads have larger numbers).</summary>
public sealed record Stamped<T>(T Value, long Stamp);
