using System.Diagnostics;
using Son1kVers3.GraphQL.Execution.Fanout;

namespace Son1kVers3.Integration.Tests.WebSockets;

/// <summary>
/// The shared stream behind every fan-out (one producer per key, hundreds of listeners delivered on
/// several cores), driven directly: its producer never waits for a listener another core serves.
/// </summary>
public class SharedStreamDeliveryTests
{
    private const int Listeners = 600; // several slices: the last listeners are written by a helper on another core

    [Fact]
    public async Task APublisher_DoesNotWaitWhileAHelperServesASlowListener_AndEveryListenerStillGetsEveryItemInOrder()
    {
        Assert.True(Environment.ProcessorCount >= 2, "the helpers need a second core");
        var streams = new SharedStreams();
        SharedStream<int>? stream = null;
        var listeners = new List<StreamQueue<int>>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        for (var n = 0; n < Listeners; n++)
        {
            listeners.Add(await streams.ListenAsync<int>("items", 16, async (s, ct) =>
            {
                stream = s;
                s.Ready();
                await Task.Delay(Timeout.Infinite, ct);
            }, stop.Token));
        }

        var seen = new List<int>[Listeners];
        var waiting = 0;
        var readers = listeners.Select((listener, n) => Task.Run(async () =>
        {
            seen[n] = [];
            Interlocked.Increment(ref waiting);
            await foreach (var item in listener.ReadAllAsync(stop.Token))
            {
                if (n == Listeners - 1 && item == 1)
                {
                    Thread.Sleep(1500); // runs in the thread that delivered the item: the helper's
                }

                seen[n].Add(item);
                if (seen[n].Count == 2)
                {
                    return;
                }
            }
        })).ToArray();
        while (Volatile.Read(ref waiting) < Listeners)
        {
            await Task.Delay(10);
        }

        await Task.Delay(300); // every reader waits for its first item

        var clock = Stopwatch.StartNew();
        stream!.Publish(1);
        stream.Publish(2);
        var publishing = clock.Elapsed;
        await Task.WhenAll(readers).WaitAsync(stop.Token);

        // Before, Publish blocked in Task.WaitAll until the helper was done: 1.5 s here.
        Assert.True(publishing < TimeSpan.FromMilliseconds(750), $"publishing took {publishing.TotalMilliseconds:0} ms");
        Assert.All(seen, items => Assert.Equal([1, 2], items));
        listeners.ForEach(l => l.Dispose());
    }
}
