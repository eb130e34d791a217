using System.Threading.Channels;

namespace Son1kVers3.GraphQL.Execution.Fanout;

/// <summary>
/// One producer per key on this instance (one backplane subscription, one database read per
/// event), fanned out to every local subscriber of that key through a small queue of its own.
/// The producer starts with the first subscriber and stops when the last one leaves; if it fails,
/// every subscriber's stream ends with the failure and the next subscriber starts a fresh one.
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
        SharedStream<T> stream;
        SharedStream<T>.Listener listener;
        var created = false;
        lock (_gate)
        {
            if (_streams.TryGetValue(key, out var existing))
            {
                stream = (SharedStream<T>)existing;
            }
            else
            {
                SharedStream<T>? fresh = null;
                stream = fresh = new SharedStream<T>(() => Forget(key, fresh!));
                _streams[key] = stream;
                created = true;
            }

            listener = stream.Join(capacity);
        }

        if (created)
        {
            stream.Start(produce);
        }

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

/// <summary>Marks the streams a <see cref="SharedStreams"/> keeps.</summary>
internal interface ISharedStream;

/// <summary>The stream of one key: the producer publishes, each listener reads its own queue.</summary>
public sealed class SharedStream<T> : ISharedStream
{
    private readonly Action _forget;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Listener[] _listeners = [];
    private object? _snapshot;
    private bool _ended;

    internal SharedStream(Action forget) => _forget = forget;

    /// <summary>Marks the producer ready; <paramref name="snapshot"/> is what a listener that joined so far starts from.</summary>
    public void Ready(object? snapshot = null)
    {
        lock (_gate)
        {
            _snapshot = snapshot;
            foreach (var listener in _listeners)
            {
                listener.StartFrom(snapshot); // joined before ready: starts from the ready state
            }

            _ready.TrySetResult();
        }
    }

    /// <summary>Queues the item for every listener and sets the snapshot later listeners start from, atomically.</summary>
    public void Publish(T item, object? snapshot = null)
    {
        lock (_gate)
        {
            if (snapshot is not null)
            {
                _snapshot = snapshot;
            }

            foreach (var listener in _listeners)
            {
                listener.Queue.Writer.TryWrite(item);
            }
        }
    }

    internal Listener Join(int capacity)
    {
        lock (_gate)
        {
            var listener = new Listener(this, capacity);
            if (_ready.Task.IsCompleted)
            {
                listener.StartFrom(_snapshot);
            }

            _listeners = [.. _listeners, listener];
            return listener;
        }
    }

    internal void Start(Func<SharedStream<T>, CancellationToken, Task> produce) => _ = Task.Run(async () =>
    {
        try
        {
            await produce(this, _stop.Token);
            End(null);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // the last listener left
        }
        catch (Exception failure)
        {
            End(failure);
        }
    });

    private void End(Exception? failure)
    {
        _forget();
        if (failure is not null)
        {
            _ready.TrySetException(failure);
        }
        else
        {
            _ready.TrySetResult();
        }

        lock (_gate)
        {
            _ended = true;
            foreach (var listener in _listeners)
            {
                listener.Queue.Writer.TryComplete(failure);
            }
        }
    }

    private void Leave(Listener listener)
    {
        bool last;
        lock (_gate)
        {
            _listeners = _listeners.Where(l => !ReferenceEquals(l, listener)).ToArray();
            last = _listeners.Length == 0 && !_ended;
            if (last)
            {
                _ended = true;
            }
        }

        if (last)
        {
            _forget();
            _stop.Cancel();
        }
    }

    /// <summary>One subscriber's place in the stream: its own bounded queue (the oldest item goes when it is full).</summary>
    public sealed class Listener : IDisposable
    {
        private readonly SharedStream<T> _stream;
        private object? _snapshot;
        private bool _started;
        private int _disposed;

        internal Listener(SharedStream<T> stream, int capacity)
        {
            _stream = stream;
            Queue = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        }

        internal Channel<T> Queue { get; }

        /// <summary>The producer's snapshot when this listener joined (or when the producer became ready, if later).</summary>
        public object? Snapshot => _snapshot;

        internal Task ReadyAsync(CancellationToken ct) => _stream._ready.Task.WaitAsync(ct);

        /// <summary>Called under the stream's lock, once.</summary>
        internal void StartFrom(object? snapshot)
        {
            if (!_started)
            {
                _started = true;
                _snapshot = snapshot;
            }
        }

        public IAsyncEnumerable<T> ReadAllAsync(CancellationToken ct) => Queue.Reader.ReadAllAsync(ct);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _stream.Leave(this);
            }
        }
    }
}
