using Son1kVers3.GraphQL.Execution.Fanout;

namespace Son1kVers3.Integration.Tests.WebSockets;

/// <summary>
/// A subscriber of shared state (<see cref="SharedState.Follow{T}"/>), driven directly: its first value
/// is a read that starts after it joined, what was pushed meanwhile follows only if newer, and once
/// live each update reaches the observer in the publisher's own call (no queue, no task per subscriber).
/// </summary>
public class StateSubscriptionTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task TheFirstValueIsARead_ThenOnlyNewerUpdates_InOrder_EachDeliveredWithinThePublishCall()
    {
        var producer = new Producer();
        var observer = new Recorder();
        using var subscription = producer.Follow((_, _) => StateStep.Send).Subscribe(observer);
        var stream = await producer.Started.WaitAsync(Wait);
        await producer.ReadStarted.WaitAsync(Wait); // the subscriber's first read waits

        stream.Publish(new StateUpdate<int>(20, 2, false));
        stream.Publish(new StateUpdate<int>(30, 3, false)); // the newest one pushed before the first value went out
        stream.Publish(new StateUpdate<int>(5, 1, false)); // older than that
        Assert.Empty(observer.Values);

        producer.FinishRead(10); // stamp 1
        await observer.WaitForAsync(2);
        Assert.Equal([10, 30], observer.Values);

        stream.Publish(new StateUpdate<int>(40, 4, false));
        Assert.Equal([10, 30, 40], observer.Values); // taken in the publisher's call
        stream.Publish(new StateUpdate<int>(35, 3, false)); // not newer than what it took
        Assert.Equal([10, 30, 40], observer.Values);
        Assert.Equal(0, observer.Ends);
    }

    [Fact]
    public async Task AStepThatEnds_CompletesTheObserverOnce_AndItsLastSubscriberLeavingStopsTheProducer()
    {
        var producer = new Producer();
        var observer = new Recorder();
        using var subscription = producer.Follow((update, _) => update.Value >= 100 ? StateStep.SendAndEnd : StateStep.Send).Subscribe(observer);
        var stream = await producer.Started.WaitAsync(Wait);
        producer.FinishRead(1);
        await observer.WaitForAsync(1);

        stream.Publish(new StateUpdate<int>(100, 2, false));
        stream.Publish(new StateUpdate<int>(200, 3, false));

        Assert.Equal([1, 100], observer.Values);
        Assert.Equal(1, observer.Ends);
        Assert.Null(observer.Failure);
        Assert.True(producer.Stopped, "the producer of a key nobody follows any more keeps running");
        Assert.Equal(0, producer.Streams.Count);
    }

    [Fact]
    public async Task DisposedWhileItsFirstReadWaits_ItLeaves_TheProducerStops_AndTheObserverHearsNothing()
    {
        var producer = new Producer();
        var observer = new Recorder();
        var subscription = producer.Follow((_, _) => StateStep.Send).Subscribe(observer);
        await producer.Started.WaitAsync(Wait);
        await producer.ReadStarted.WaitAsync(Wait);

        subscription.Dispose();
        producer.FinishRead(1);
        await Task.Delay(100);

        Assert.Empty(observer.Values);
        Assert.Equal(0, observer.Ends);
        Assert.True(producer.Stopped);
        Assert.Equal(0, producer.Streams.Count);
    }

    [Fact]
    public async Task TheProducersFailure_ReachesTheObserverOnce_AsItsError()
    {
        var producer = new Producer();
        var observer = new Recorder();
        using var subscription = producer.Follow((_, _) => StateStep.Send).Subscribe(observer);
        await producer.Started.WaitAsync(Wait);
        producer.FinishRead(1);
        await observer.WaitForAsync(1);

        producer.Fail(new InvalidOperationException("the backplane went away"));
        await observer.WaitForEndAsync();

        Assert.Equal("the backplane went away", observer.Failure?.Message);
        Assert.Equal(1, observer.Ends);
    }

    [Fact]
    public async Task WithoutAFirstRead_EveryUpdateGoesOut_EvenThosePublishedTheMomentTheProducerIsReady()
    {
        var streams = new SharedStreams();
        var observer = new Recorder();
        using var subscription = SharedState.Follow<int>(
            streams,
            "events",
            async (stream, stop) =>
            {
                stream.Ready(); // no read: a stream of events (like a user's changed generations), not of one state
                for (var n = 1; n <= 3; n++)
                {
                    stream.Publish(new StateUpdate<int>(n, n, false)); // before the subscriber has resumed from its join
                }

                await Task.Delay(Timeout.Infinite, stop);
            },
            (_, _) => StateStep.Send).Subscribe(observer);

        await observer.WaitForAsync(3);
        Assert.Equal([1, 2, 3], observer.Values);
    }

    /// <summary>A producer of one key whose reads and failure the test decides.</summary>
    private sealed class Producer
    {
        private readonly TaskCompletionSource<SharedStream<StateUpdate<int>>> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _readStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<int> _read = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _failure = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private CancellationToken _stop;

        public SharedStreams Streams { get; } = new();

        public Task<SharedStream<StateUpdate<int>>> Started => _started.Task;

        public Task ReadStarted => _readStarted.Task;

        public bool Stopped => _stop.IsCancellationRequested;

        public IObservable<object?> Follow(Func<StateUpdate<int>, int, StateStep> step) => SharedState.Follow<int>(Streams, "key", ProduceAsync, step);

        public void FinishRead(int value) => _read.TrySetResult(value);

        public void Fail(Exception failure) => _failure.TrySetException(failure);

        private async Task ProduceAsync(SharedStream<StateUpdate<int>> stream, CancellationToken stop)
        {
            _stop = stop;
            stream.Ready(new CoalescedRead<int>(
                ct =>
                {
                    _readStarted.TrySetResult();
                    return _read.Task.WaitAsync(ct);
                },
                stop));
            _started.TrySetResult(stream);
            await _failure.Task.WaitAsync(stop);
        }
    }

    private sealed class Recorder : IObserver<object?>
    {
        private readonly object _gate = new();
        private readonly List<int> _values = [];
        private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<int> Values
        {
            get
            {
                lock (_gate)
                {
                    return [.. _values];
                }
            }
        }

        public int Ends { get; private set; }

        public Exception? Failure { get; private set; }

        public void OnNext(object? value)
        {
            lock (_gate)
            {
                _values.Add((int)value!);
            }
        }

        public void OnError(Exception error)
        {
            (Failure, Ends) = (error, Ends + 1);
            _ended.TrySetResult();
        }

        public void OnCompleted()
        {
            Ends++;
            _ended.TrySetResult();
        }

        public async Task WaitForAsync(int count)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (Values.Count < count && clock.Elapsed < Wait)
            {
                await Task.Delay(10);
            }

            Assert.True(Values.Count >= count, $"{Values.Count} values, expected {count}");
        }

        public Task WaitForEndAsync() => _ended.Task.WaitAsync(Wait);
    }
}
