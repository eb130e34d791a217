using System.Runtime.CompilerServices;
using GraphQL;
using GraphQL.Types;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.Chat;
using Son1kVers3.Domain.Chat;
using Son1kVers3.Domain.Common;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Execution.Fanout;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.Chat;

/// <summary>
/// Live rooms: events from every instance (the backplane) carry the message itself. Each instance
/// puts a room's events in room order once (<see cref="ChatRoomStream"/>) for all its subscribers
/// of the room; each subscriber keeps the last sequence number it delivered, so it sees each
/// message once, in room order. Every subscriber of the same selection gets the same bytes.
/// </summary>
public static class ChatSubscriptions
{
    /// <summary>A message's result depends on the viewer's role and tier (private author fields are guarded per user by <see cref="SharedResults"/>).</summary>
    private static string Audience(Domain.Accounts.User? viewer, object _) =>
        viewer is null ? "anonymous" : $"{viewer.Role}:{viewer.Tier}";

    public static void AddChatSubscriptions(this ObjectGraphType subscription)
    {
        subscription.Field<NonNullGraphType<ChatMessageType>>("chatMessageAdded")
            .Description("New messages of a room, in room order; with afterCursor, the missed ones first.")
            .Argument<NonNullGraphType<IdGraphType>>("roomId")
            .Argument<StringGraphType>("afterCursor")
            .SharedWith(Audience)
            .ResolveStreamAsync(async c =>
            {
                var (room, scopes, roomId) = await OpenAsync(c);
                var after = ChatCursor.Decode(c.GetArgument<string?>("afterCursor"), "afterCursor");
                return new AsyncEnumerableObservable<ChatMessage>(ct => WatchAddedAsync(room, scopes, roomId, after, ct));
            });

        subscription.Field<NonNullGraphType<IdGraphType>>("chatMessageRemoved")
            .Description("Ids of messages deleted from a room.")
            .Argument<NonNullGraphType<IdGraphType>>("roomId")
            .SharedWith(SharedResults.Everyone) // an id: the same for every subscriber
            .ResolveStreamAsync(async c =>
            {
                var (room, _, _) = await OpenAsync(c);
                return new AsyncEnumerableObservable<string>(ct => WatchRemovedAsync(room, ct));
            });
    }

    private static async Task<(Func<CancellationToken, Task<StreamQueue<ChatRoomItem>>>, IServiceScopeFactory, Guid)> OpenAsync(IResolveFieldContext c)
    {
        await c.SignedInUserAsync();
        var roomId = GlobalId.DecodeArgument(c, "roomId", ChatRoomType.TypeName);
        var scopes = c.Service<IServiceScopeFactory>();
        if (await ChatLoaders.ReadAsync(scopes, q => q.RoomAsync(roomId, c.CancellationToken)) is null)
        {
            throw new ExecutionError("roomId: no chat room has this id.") { Code = ErrorCodes.NotFound };
        }

        var streams = c.Service<SharedStreams>();
        var feed = c.Service<IEventFeed>();
        return (Listen(streams, feed, scopes, roomId), scopes, roomId);
    }

    /// <summary>A closure of its own: a lambda above would share one with the resolve context, which the stream must not keep.</summary>
    private static Func<CancellationToken, Task<StreamQueue<ChatRoomItem>>> Listen(SharedStreams streams, IEventFeed feed, IServiceScopeFactory scopes, Guid roomId) =>
        ct => ChatRoomStream.ListenAsync(streams, feed, scopes, roomId, ct);

    /// <summary>
    /// The room's ordered stream (shared by every subscriber of the room on this instance) from
    /// where this subscriber starts: after its cursor (the missed messages replayed first) or after
    /// the room's last message when it joined. A jump in its own queue (it read too slowly and lost
    /// the oldest) is filled from the database, for this subscriber only.
    /// </summary>
    private static async IAsyncEnumerable<ChatMessage> WatchAddedAsync(
        Func<CancellationToken, Task<StreamQueue<ChatRoomItem>>> listen, IServiceScopeFactory scopes, Guid roomId, long? after, [EnumeratorCancellation] CancellationToken ct)
    {
        using var room = await listen(ct);
        var last = after ?? (long)room.Snapshot!; // joined first: nothing falls between
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

        await foreach (var item in room.ReadAllAsync(ct))
        {
            if (item.Added is not { } added || added.Seq <= last)
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
            if (!added.IsDeleted)
            {
                yield return added;
            }
        }
    }

    /// <summary>The stored messages after a sequence number (up to another), oldest first, in batches.</summary>
    internal static async IAsyncEnumerable<ChatMessage> StoredAsync(IServiceScopeFactory scopes, Guid roomId, long after, long? upTo, [EnumeratorCancellation] CancellationToken ct)
    {
        while (true)
        {
            var batch = await ChatLoaders.ReadAsync(scopes, q => q.AfterAsync(roomId, after, upTo, ct));
            foreach (var message in batch)
            {
                after = message.Seq;
                yield return message;
            }

            if (batch.Count < Application.Chat.ChatQueries.ReplayBatch)
            {
                yield break;
            }
        }
    }

    private static async IAsyncEnumerable<string> WatchRemovedAsync(Func<CancellationToken, Task<StreamQueue<ChatRoomItem>>> listen, [EnumeratorCancellation] CancellationToken ct)
    {
        using var room = await listen(ct);
        await foreach (var item in room.ReadAllAsync(ct))
        {
            if (item.RemovedId is { } removed)
            {
                yield return removed;
            }
        }
    }
}
