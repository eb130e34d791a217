using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.Chat;
using Son1kVers3.Domain.Chat;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Execution.Fanout;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.Chat;

/// <summary>An event of a room in room order: a message added, or the global id of one removed.</summary>
public sealed record ChatRoomItem(ChatMessage? Added, string? RemovedId);

/// <summary>
/// One room's live events on this instance, for all its subscribers here: one backplane
/// subscription, each event read once (so every subscriber gets the same message object, and
/// the same bytes). Added messages come out in room order, each once: an older or repeated event
/// is skipped, and a jump (events from two instances crossing) or a backplane outage is filled
/// from the database, once for the instance. Listeners start from the room's last sequence
/// number when they joined (<see cref="SharedStream{T}.Member.Snapshot"/>).
/// </summary>
public static class ChatRoomStream
{
    private const int QueuePerSubscriber = 256;
    private const int BackplaneBuffer = 1024;

    public static Task<StreamQueue<ChatRoomItem>> ListenAsync(SharedStreams streams, IEventFeed feed, IServiceScopeFactory scopes, Guid roomId, CancellationToken ct) =>
        streams.ListenAsync<ChatRoomItem>($"chat:{roomId:N}", QueuePerSubscriber, (stream, stop) => ProduceAsync(stream, feed, scopes, roomId, stop), ct);

    private static async Task ProduceAsync(SharedStream<ChatRoomItem> stream, IEventFeed feed, IServiceScopeFactory scopes, Guid roomId, CancellationToken stop)
    {
        using var events = await EventStream.SubscribeAsync<ChatEvent>(feed, ChatEvent.TopicOf(roomId), _ => true, BackplaneBuffer);
        var last = await ChatLoaders.ReadAsync(scopes, q => q.LastSeqAsync(roomId, stop)); // subscribed first: nothing falls between
        stream.Ready(last);
        await foreach (var received in events.ReadAllAsync(stop))
        {
            if (received is null)
            {
                last = await FillAsync(stream, scopes, roomId, last, null, stop); // a resync
                continue;
            }

            switch (received)
            {
                case { Kind: ChatEvent.Removed } removed:
                    stream.Publish(new ChatRoomItem(null, GlobalId.Encode(ChatMessageType.TypeName, removed.MessageId)));
                    break;
                case { Kind: ChatEvent.Added } added when added.Seq > last:
                    if (added.Seq > last + 1)
                    {
                        last = await FillAsync(stream, scopes, roomId, last, added.Seq - 1, stop);
                    }

                    last = added.Seq;
                    stream.Publish(new ChatRoomItem(added.ToMessage(), null), last);
                    break;
            }
        }
    }

    /// <summary>Publishes the stored messages after <paramref name="last"/> (up to a sequence number); a database outage is waited out.</summary>
    private static async Task<long> FillAsync(SharedStream<ChatRoomItem> stream, IServiceScopeFactory scopes, Guid roomId, long last, long? upTo, CancellationToken stop)
    {
        var stored = await OutageRetry.ReadAsync(async c =>
        {
            var all = new List<ChatMessage>();
            await foreach (var message in ChatSubscriptions.StoredAsync(scopes, roomId, last, upTo, c))
            {
                all.Add(message);
            }

            return all;
        }, stop);
        foreach (var message in stored)
        {
            last = message.Seq;
            stream.Publish(new ChatRoomItem(message, null), last); // deleted ones too: subscribers skip them but keep count
        }

        return last;
    }
}
