using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Son1kVers3.Application.Abstractions;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// Backplane messages of one topic as an async stream for one subscriber. The buffer is small
/// and drops the oldest message when full: a slow subscriber only misses intermediate steps
/// (it re-reads the latest state) and never holds up the others.
/// </summary>
public static class EventStream
{
    public static async IAsyncEnumerable<string> ReadAsync(IEventFeed feed, string topic, Func<string, bool> wanted, [EnumeratorCancellation] CancellationToken ct)
    {
        var buffer = Channel.CreateBounded<string>(new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        using var subscription = feed.Subscribe(topic, message =>
        {
            if (wanted(message))
            {
                buffer.Writer.TryWrite(message);
            }
        });
        await foreach (var message in buffer.Reader.ReadAllAsync(ct))
        {
            yield return message;
        }
    }
}
