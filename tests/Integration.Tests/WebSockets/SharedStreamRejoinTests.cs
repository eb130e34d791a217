using System.Reflection;
using Son1kVers3.GraphQL.Execution.Fanout;

namespace Son1kVers3.Integration.Tests.WebSockets;

/// <summary>
/// The shared stream of a key, driven directly, while its last listener leaves and a new one joins at
/// the same moment (a client that re-subscribes, a second tab, a reconnect): the newcomer must get a
/// live producer, never the one that is stopping. Before, it joined the stopping stream: it got its
/// first state and then nothing, ever (a live subscription that silently hears no more events).
/// </summary>
public class SharedStreamRejoinTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AListenerJoiningJustAsTheLastOneLeaves_IsServedByAProducerThatKeepsRunning_AndGetsItsEvents()
    {
        var streams = new SharedStreams();
        using var last = await JoinAsync(streams);
        var stopping = (Producer)last.Snapshot!;

        // The moment of the race, held open: the last listener has left its stream (which stops), and the stream is not yet
        // forgotten by the key (that needs the streams' lock, held here). A join in that moment finds the stopping stream.
        Task<StreamQueue<int>> joining;
        var streamsLock = typeof(SharedStreams).GetField("_gate", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(streams)
            ?? throw new InvalidOperationException("SharedStreams no longer has its _gate lock: update this test");
        var leaver = new Thread(last.Dispose);
        lock (streamsLock)
        {
            leaver.Start();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (!leaver.ThreadState.HasFlag(ThreadState.WaitSleepJoin) && clock.Elapsed < Wait)
            {
                Thread.Sleep(1); // until the leaver waits for the lock, having left its stream
            }

            Assert.True(leaver.ThreadState.HasFlag(ThreadState.WaitSleepJoin), "the leaver never waited for the streams' lock");
            joining = JoinAsync(streams); // the same thread: it takes the lock it holds
        }

        leaver.Join(Wait);
        using var joined = await joining.WaitAsync(Wait);
        var producer = (Producer)joined.Snapshot!;

        Assert.True(stopping.Stopped, "the stream of the listener that left stops");
        Assert.False(producer.Stopped, "the listener that joined as the last one left was given the stopping producer");
        producer.Stream.Publish(7);
        await using var items = joined.ReadAllAsync(CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await items.MoveNextAsync().AsTask().WaitAsync(Wait));
        Assert.Equal(7, items.Current);
        Assert.Equal(1, streams.Count);
    }

    private static Task<StreamQueue<int>> JoinAsync(SharedStreams streams) =>
        streams.ListenAsync<int>("key", 16, ProduceAsync, CancellationToken.None);

    private static async Task ProduceAsync(SharedStream<int> stream, CancellationToken stop)
    {
        stream.Ready(new Producer(stream, stop));
        await Task.Delay(Timeout.Infinite, stop);
    }

    /// <summary>What a listener starts from: its producer's stream, and whether that producer was told to stop.</summary>
    private sealed class Producer(SharedStream<int> stream, CancellationToken stop)
    {
        public SharedStream<int> Stream => stream;

        public bool Stopped => stop.IsCancellationRequested;
    }
}
