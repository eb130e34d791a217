using System.Runtime.CompilerServices;
using GraphQL;
using GraphQL.Types;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.Chat;
using Son1kVers3.Domain.Chat;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.Chat;

/// <summary>
/// Live rooms: events from every instance (the backplane) carry the message itself. Each
/// subscriber keeps the last sequence number it delivered: older or repeated events are skipped,
/// and a jump (events from two instances crossing, or dropped by a slow subscriber) is filled
/// from the database first, so every subscriber sees each message once, in room order.
/// </summary>
public static class ChatSubscriptions
{
    public static void AddChatSubscriptions(this ObjectGraphType subscription)
    {
        subscription.Field<NonNullGraphType<ChatMessageType>>("chatMessageAdded")
            .Description("New messages of a room, in room order; with afterCursor, the missed ones first.")
            .Argument<NonNullGraphType<IdGraphType>>("roomId")
            .Argument<StringGraphType>("afterCursor")
            .ResolveStreamAsync(async c =>
            {
                var (feed, scopes, roomId) = await OpenAsync(c);
                var after = ChatCursor.Decode(c.GetArgument<string?>("afterCursor"), "afterCursor");
                return new AsyncEnumerableObservable<ChatMessage>(ct => WatchAddedAsync(feed, scopes, roomId, after, ct));
            });

        subscription.Field<NonNullGraphType<IdGraphType>>("chatMessageRemoved")
            .Description("Ids of messages deleted from a room.")
            .Argument<NonNullGraphType<IdGraphType>>("roomId")
            .ResolveStreamAsync(async c =>
            {
                var (feed, _, roomId) = await OpenAsync(c);
                return new AsyncEnumerableObservable<string>(ct => WatchRemovedAsync(feed, roomId, ct));
            });
    }

    private static async Task<(IEventFeed, IServiceScopeFactory, Guid)> OpenAsync(IResolveFieldContext c)
    {
        await c.SignedInUserAsync();
        var roomId = GlobalId.Decode(c.GetArgument<string>("roomId"), ChatRoomType.TypeName)
            ?? throw new ExecutionError("roomId: not a ChatRoom id.") { Code = "BAD_USER_INPUT" };
        var scopes = c.Service<IServiceScopeFactory>();
        if (await ChatLoaders.ReadAsync(scopes, q => q.RoomAsync(roomId, c.CancellationToken)) is null)
        {
            throw new ExecutionError("roomId: no chat room has this id.") { Code = "NOT_FOUND" };
        }

        return (c.Service<IEventFeed>(), scopes, roomId);
    }

    private static async IAsyncEnumerable<ChatMessage> WatchAddedAsync(IEventFeed feed, IServiceScopeFactory scopes, Guid roomId, long? after, [EnumeratorCancellation] CancellationToken ct)
    {
        using var events = await EventStream.SubscribeAsync(feed, ChatEvent.Topic(roomId), _ => true);
        var last = after ?? await ChatLoaders.ReadAsync(scopes, q => q.LastSeqAsync(roomId, ct)); // subscribed first: nothing falls between
        if (after is not null)
        {
            await foreach (var missed in StoredAsync(scopes, roomId, last, null, ct))
            {
                last = missed.Seq;
                if (!missed.IsDeleted)
                {
                    yield return missed;
                }
            }
        }

        await foreach (var json in events.ReadAllAsync(ct))
        {
            if (ChatEvent.Parse(json) is not { Kind: ChatEvent.Added } added || added.Seq <= last)
            {
                continue;
            }

            if (added.Seq > last + 1)
            {
                await foreach (var between in StoredAsync(scopes, roomId, last, added.Seq - 1, ct))
                {
                    last = between.Seq;
                    if (!between.IsDeleted)
                    {
                        yield return between;
                    }
                }
            }

            last = added.Seq;
            yield return added.ToMessage();
        }
    }

    /// <summary>The stored messages after a sequence number (up to another), oldest first, in batches.</summary>
    private static async IAsyncEnumerable<ChatMessage> StoredAsync(IServiceScopeFactory scopes, Guid roomId, long after, long? upTo, [EnumeratorCancellation] CancellationToken ct)
    {
        while (true)
        {
            var batch = await ChatLoaders.ReadAsync(scopes, q => q.AfterAsync(roomId, after, upTo, ct));
            foreach (var message in batch)
            {
                after = message.Seq;
                yield return message;
            }

            if (batch.Count < ChatQueries.ReplayBatch)
            {
                yield break;
            }
        }
    }

    private static async IAsyncEnumerable<string> WatchRemovedAsync(IEventFeed feed, Guid roomId, [EnumeratorCancellation] CancellationToken ct)
    {
        using var events = await EventStream.SubscribeAsync(feed, ChatEvent.Topic(roomId), _ => true);
        await foreach (var json in events.ReadAllAsync(ct))
        {
            if (ChatEvent.Parse(json) is { Kind: ChatEvent.Removed } removed)
            {
                yield return GlobalId.Encode(ChatMessageType.TypeName, removed.MessageId);
            }
        }
    }
}
