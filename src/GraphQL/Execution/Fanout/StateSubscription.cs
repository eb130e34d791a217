namespace Son1kVers3.GraphQL.Execution.Fanout;

/// <summary>
/// One subscriber of shared state (<see cref="SharedState"/>): a member of the key's stream that
/// takes each update in the publisher's thread and hands what its step lets through straight to
/// its observer. Once started it holds no queue, task or cancellation token: a socket's
/// subscription costs this object and its place in the stream's member array.
/// Until its first value has gone out, the newest update pushed meanwhile (and the stream's end)
/// waits here; without a first read (a stream of events, not of one state) every update goes out
/// as it comes. The observer gets values, then at most one end, in order, and nothing once disposed.
/// </summary>
internal sealed class StateSubscription<T>(IObserver<object?> observer, Func<StateUpdate<T>, T?, StateStep> step)
    : SharedStream<StateUpdate<T>>.Member, IDisposable
{
    private readonly object _gate = new();
    private CancellationTokenSource? _starting = new(); // until the first value went out (then dropped: nothing to cancel)
    private StateUpdate<T>? _early; // the newest update pushed before the first value went out
    private bool _endedEarly;
    private Exception? _earlyFailure;
    private bool _live;
    private bool _done;
    private long _stamp; // of the last update taken
    private T? _last; // the last value sent

    public IDisposable Start(SharedStreams streams, string key, Func<SharedStream<StateUpdate<T>>, CancellationToken, Task> produce)
    {
        _ = StartAsync(streams, key, produce, _starting!.Token);
        return this;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _done = true;
        }

        Interlocked.Exchange(ref _starting, null)?.Cancel();
        Leave();
    }

    protected override void OnItem(StateUpdate<T> update)
    {
        bool done;
        lock (_gate)
        {
            if (!_live && AwaitsFirstRead)
            {
                if (_early is null || update.Stamp > _early.Stamp)
                {
                    _early = update;
                }

                return;
            }

            _live = true;
            Apply(update);
            done = _done;
        }

        if (done)
        {
            Leave();
        }
    }

    protected override void OnEnd(Exception? failure)
    {
        lock (_gate)
        {
            if (!_live && AwaitsFirstRead)
            {
                (_endedEarly, _earlyFailure) = (true, failure);
                return;
            }

            Finish(failure);
        }
    }

    /// <summary>A producer ready with a read as its snapshot gives each subscriber a first value; any other, only its updates.</summary>
    private bool AwaitsFirstRead => Snapshot is CoalescedRead<T>;

    private async Task StartAsync(SharedStreams streams, string key, Func<SharedStream<StateUpdate<T>>, CancellationToken, Task> produce, CancellationToken ct)
    {
        try
        {
            await streams.JoinAsync(key, this, produce, ct);
            // No retry: an outage at subscribe ends the subscription with SERVICE_UNAVAILABLE.
            var first = Snapshot is CoalescedRead<T> reader ? await reader.ReadAsync(ct) : null;
            lock (_gate)
            {
                _live = true;
                if (first is not null)
                {
                    Apply(new StateUpdate<T>(first.Value, first.Stamp, false));
                }

                if (_early is { } early)
                {
                    _early = null;
                    Apply(early);
                }

                if (_endedEarly)
                {
                    Finish(_earlyFailure);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // disposed while starting
        }
        catch (Exception failure)
        {
            lock (_gate)
            {
                Finish(failure);
            }
        }

        Interlocked.Exchange(ref _starting, null);
        if (Volatile.Read(ref _done))
        {
            Leave();
        }
    }

    /// <summary>Under the lock, once live.</summary>
    private void Apply(StateUpdate<T> update)
    {
        if (_done || update.Stamp <= _stamp)
        {
            return;
        }

        _stamp = update.Stamp;
        var next = step(update, _last);
        if (next is StateStep.Send or StateStep.SendAndEnd)
        {
            _last = update.Value;
            observer.OnNext(update.Value);
        }

        if (next is StateStep.SendAndEnd or StateStep.End)
        {
            Finish(null);
        }
    }

    /// <summary>Under the lock: the observer's end, once (null: the stream completed).</summary>
    private void Finish(Exception? failure)
    {
        if (_done)
        {
            return;
        }

        _done = true;
        if (failure is null)
        {
            observer.OnCompleted();
        }
        else
        {
            observer.OnError(failure);
        }
    }
}
