using System.Threading.Channels;

namespace Son1kVers3.GraphQL.Execution.Fanout;

/// <summary>Marks the streams a <see cref="SharedStreams"/> keeps.</summary>
internal interface ISharedStream;

/// <summary>The stream of one key: the producer publishes, each listener reads its own queue.</summary>
public sealed class SharedStream<T> : ISharedStream
{
    private const int ListenersPerHelper = 256;
    private readonly Action _forget;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Listener[] _listeners = [];
    private object? _snapshot;
    private Task _delivered = Task.CompletedTask; // the last item's delivery (the next one starts after it)
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

    /// <summary>
    /// Queues the item for every listener and sets the snapshot later listeners start from, atomically
    /// (a listener that joins after the snapshot is set starts from it and is not in the array written
    /// to). A listener waiting for its next item goes on in this thread, outside the lock: the producer
    /// carries each subscriber up to its socket's send, without a thread-pool hop per subscriber.
    /// The producer does not wait for helpers: an item published while the one before is still being
    /// delivered on other cores follows it once it has reached every listener (each keeps the order).
    /// </summary>
    public void Publish(T item, object? snapshot = null)
    {
        Listener[] listeners;
        TaskCompletionSource delivered;
        lock (_gate)
        {
            if (snapshot is not null)
            {
                _snapshot = snapshot;
            }

            listeners = _listeners;
            if (!_delivered.IsCompleted)
            {
                _delivered = _delivered.ContinueWith(_ => Deliver(listeners, item), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
                return;
            }

            delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _delivered = delivered.Task;
        }

        var helpers = Deliver(listeners, item);
        if (helpers.IsCompleted)
        {
            delivered.SetResult();
        }
        else
        {
            _ = helpers.ContinueWith(_ => delivered.SetResult(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Writes the item to every listener: in this thread, and for many listeners on the other cores
    /// too (one helper per core, each with its own slice); completes once the item reached every listener.
    /// </summary>
    private static Task Deliver(Listener[] listeners, T item)
    {
        var helpers = Math.Min(Environment.ProcessorCount - 1, listeners.Length / ListenersPerHelper);
        if (helpers <= 0)
        {
            Write(listeners, 0, listeners.Length, item);
            return Task.CompletedTask;
        }

        var slice = listeners.Length / (helpers + 1);
        var others = new Task[helpers];
        for (var h = 0; h < helpers; h++)
        {
            var (from, to) = ((h + 1) * slice, h == helpers - 1 ? listeners.Length : (h + 2) * slice);
            others[h] = Task.Run(() => Write(listeners, from, to, item));
        }

        Write(listeners, 0, slice, item);
        return Task.WhenAll(others);
    }

    private static void Write(Listener[] listeners, int from, int to, T item)
    {
        for (var i = from; i < to; i++)
        {
            listeners[i].Queue.Writer.TryWrite(item);
        }
    }

    /// <summary>
    /// A new listener of this stream; null once the stream has ended. Its last listener may have left a moment ago, before
    /// the stream was forgotten: a listener added now would never hear from the stopping producer, so the caller starts a
    /// fresh stream instead.
    /// </summary>
    internal Listener? Join(int capacity)
    {
        lock (_gate)
        {
            if (_ended)
            {
                return null;
            }

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

        Listener[] listeners;
        lock (_gate)
        {
            _ended = true;
            listeners = _listeners;
        }

        foreach (var listener in listeners)
        {
            listener.Queue.Writer.TryComplete(failure); // its reader may go on in this thread: outside the lock
        }
    }

    private void Leave(Listener listener)
    {
        bool last;
        lock (_gate)
        {
            var at = Array.IndexOf(_listeners, listener); // no predicate call per listener: 10,000 leaving did 10^8 of them
            if (at >= 0)
            {
                var rest = new Listener[_listeners.Length - 1];
                Array.Copy(_listeners, 0, rest, 0, at);
                Array.Copy(_listeners, at + 1, rest, at, rest.Length - at);
                _listeners = rest;
            }

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
            Queue = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                AllowSynchronousContinuations = true, // see Publish
            });
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
