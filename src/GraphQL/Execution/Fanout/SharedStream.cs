namespace Son1kVers3.GraphQL.Execution.Fanout;

/// <summary>Marks the streams a <see cref="SharedStreams"/> keeps.</summary>
internal interface ISharedStream;

/// <summary>
/// The stream of one key: the producer publishes, and each item is pushed to every member in the
/// producer's thread (<see cref="Member.OnItem"/>): a member keeps no queue, task or token of its own
/// unless it needs one (<see cref="StreamQueue{T}"/> does, for a reader that awaits).
/// </summary>
public sealed class SharedStream<T> : ISharedStream
{
    private const int MembersPerHelper = 256;
    private readonly Action _forget;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Member[] _members = [];
    private object? _snapshot;
    private Task _delivered = Task.CompletedTask; // the last item's delivery (the next one starts after it)
    private bool _ended;

    internal SharedStream(Action forget) => _forget = forget;

    /// <summary>Marks the producer ready; <paramref name="snapshot"/> is what a member that joined so far starts from.</summary>
    public void Ready(object? snapshot = null)
    {
        lock (_gate)
        {
            _snapshot = snapshot;
            foreach (var member in _members)
            {
                member.StartFrom(snapshot); // joined before ready: starts from the ready state
            }

            _ready.TrySetResult();
        }
    }

    /// <summary>
    /// Pushes the item to every member and sets the snapshot later members start from, atomically
    /// (a member that joins after the snapshot is set starts from it and is not in the array written
    /// to). Members take the item in this thread, outside the lock: the producer carries each
    /// subscriber up to its socket's send, without a thread-pool hop per subscriber.
    /// The producer does not wait for helpers: an item published while the one before is still being
    /// delivered on other cores follows it once it has reached every member (each keeps the order).
    /// </summary>
    public void Publish(T item, object? snapshot = null)
    {
        Member[] members;
        TaskCompletionSource delivered;
        lock (_gate)
        {
            if (snapshot is not null)
            {
                _snapshot = snapshot;
            }

            members = _members;
            if (!_delivered.IsCompleted)
            {
                _delivered = _delivered.ContinueWith(_ => Deliver(members, item), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
                return;
            }

            delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _delivered = delivered.Task;
        }

        var helpers = Deliver(members, item);
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
    /// Pushes the item to every member: in this thread, and for many members on the other cores
    /// too (one helper per core, each with its own slice); completes once the item reached every member.
    /// </summary>
    private static Task Deliver(Member[] members, T item)
    {
        var helpers = Math.Min(Environment.ProcessorCount - 1, members.Length / MembersPerHelper);
        if (helpers <= 0)
        {
            Push(members, 0, members.Length, item);
            return Task.CompletedTask;
        }

        var slice = members.Length / (helpers + 1);
        var others = new Task[helpers];
        for (var h = 0; h < helpers; h++)
        {
            var (from, to) = ((h + 1) * slice, h == helpers - 1 ? members.Length : (h + 2) * slice);
            others[h] = Task.Run(() => Push(members, from, to, item));
        }

        Push(members, 0, slice, item);
        return Task.WhenAll(others);
    }

    private static void Push(Member[] members, int from, int to, T item)
    {
        for (var i = from; i < to; i++)
        {
            members[i].Take(item);
        }
    }

    /// <summary>
    /// Adds the member; false once the stream has ended. Its last member may have left a moment ago, before the stream
    /// was forgotten: a member added now would never hear from the stopping producer, so the caller starts a fresh stream.
    /// </summary>
    internal bool Join(Member member)
    {
        bool left;
        lock (_gate)
        {
            if (_ended)
            {
                return false;
            }

            left = !member.Enter(this);
            if (_ready.Task.IsCompleted)
            {
                member.StartFrom(_snapshot);
            }

            _members = [.. _members, member];
        }

        if (left)
        {
            Leave(member); // it left while joining: it goes again, and a stream it was the only member of stops
        }

        return true;
    }

    internal Task ReadyAsync(CancellationToken ct) => _ready.Task.WaitAsync(ct);

    internal void Start(Func<SharedStream<T>, CancellationToken, Task> produce) => _ = Task.Run(async () =>
    {
        if (_stop.IsCancellationRequested)
        {
            return; // its only member left while joining
        }

        try
        {
            await produce(this, _stop.Token);
            End(null);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // the last member left
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

        Member[] members;
        lock (_gate)
        {
            _ended = true;
            members = _members;
        }

        foreach (var member in members)
        {
            member.End(failure); // it may go on in this thread: outside the lock
        }
    }

    private void Leave(Member member)
    {
        bool last;
        lock (_gate)
        {
            var at = Array.IndexOf(_members, member); // no predicate call per member: 10,000 leaving did 10^8 of them
            if (at >= 0)
            {
                var rest = new Member[_members.Length - 1];
                Array.Copy(_members, 0, rest, 0, at);
                Array.Copy(_members, at + 1, rest, at, rest.Length - at);
                _members = rest;
            }

            last = _members.Length == 0 && !_ended;
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

    /// <summary>
    /// One subscriber's place in the stream, joined with <see cref="SharedStreams.JoinAsync{T}"/>: the
    /// stream pushes it each item and, at the producer's end, the failure (or null). <see cref="OnItem"/>
    /// runs in the publisher's thread, one item at a time and in order; it must not throw or block.
    /// </summary>
    public abstract class Member
    {
        private object? _snapshot;
        private SharedStream<T>? _stream;
        private bool _started;
        private int _left;

        /// <summary>The producer's snapshot when this member joined (or when the producer became ready, if later).</summary>
        public object? Snapshot => _snapshot;

        internal SharedStream<T>? Stream => Volatile.Read(ref _stream);

        /// <summary>
        /// Leaves the stream (once), even while it is joining: nothing more is pushed after the current item.
        /// (Leave marks, then reads the stream; Enter sets the stream, then reads the mark: one of them sees the other.)
        /// </summary>
        public void Leave()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                Stream?.Leave(this);
            }
        }

        /// <summary>Under the stream's lock: false when the member has left already.</summary>
        internal bool Enter(SharedStream<T> stream)
        {
            Interlocked.Exchange(ref _stream, stream);
            return Volatile.Read(ref _left) == 0;
        }

        protected abstract void OnItem(T item);

        /// <summary>The producer ended: with its failure, or null when its events ended.</summary>
        protected abstract void OnEnd(Exception? failure);

        internal void Take(T item)
        {
            if (Volatile.Read(ref _left) == 0)
            {
                OnItem(item);
            }
        }

        internal void End(Exception? failure) => OnEnd(failure);

        /// <summary>Called under the stream's lock, once.</summary>
        internal void StartFrom(object? snapshot)
        {
            if (!_started)
            {
                _started = true;
                _snapshot = snapshot;
            }
        }
    }
}
