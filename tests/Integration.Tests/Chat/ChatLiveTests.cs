using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.Chat;
using Son1kVers3.Domain.Chat;
using Son1kVers3.GraphQL.Schema;
using Son1kVers3.Integration.Tests.Support;
using static Son1kVers3.Integration.Tests.Support.Chat;

namespace Son1kVers3.Integration.Tests.Chat;

/// <summary>chatMessageAdded / chatMessageRemoved over real WebSockets on two server instances sharing the Redis backplane.</summary>
[Collection(ApiCollection.Name)]
public class ChatLiveTests(ApiFactory api)
{
    private static readonly (string, string?)[] NoChatLimits = [("CHAT_MESSAGES_PER_10_SECONDS", "100000"), ("CHAT_MESSAGES_PER_HOUR", "100000")];

    [Fact]
    public async Task ConcurrentSendersOnTwoInstances_ReachSubscribersOnBoth_OnceEach_InTheRoomsHistoryOrder()
    {
        await using var a = api.With(NoChatLimits);
        await using var b = api.With(NoChatLimits);
        var clientA = a.CreateClient();
        var clientB = b.CreateClient();
        var room = await NewRoomAsync(clientA);
        var watcher = await clientA.RegisterAsync();
        await using var wsA = await WsClient.InitAsync(a, watcher.AccessToken);
        await using var wsB = await WsClient.InitAsync(b, watcher.AccessToken);
        await wsA.SubscribeAsync("a", Added, new { roomId = room, after = "0" });
        await wsB.SubscribeAsync("b", Added, new { roomId = room, after = "0" });

        var senders = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => clientA.RegisterAsync()));
        await Task.WhenAll(senders.Select((s, i) => Task.Run(async () =>
        {
            var client = i % 2 == 0 ? clientA : clientB;
            for (var n = 0; n < 8; n++)
            {
                await SendOkAsync(client, s.AccessToken, room, $"sender {i} message {n}");
            }
        })));

        var history = (await HistoryAsync(clientB, watcher.AccessToken, room)).Edges;
        Assert.Equal(48, history.Count);
        var roomOrder = history.Select(e => e.Id).Reverse().ToList();
        Assert.Equal(roomOrder, await ReceiveAddedAsync(wsA, "a", 48));
        Assert.Equal(roomOrder, await ReceiveAddedAsync(wsB, "b", 48));
        Assert.Equal(history.Select(e => long.Parse(e.Cursor, System.Globalization.CultureInfo.InvariantCulture)).Reverse(), Enumerable.Range(1, 48).Select(n => (long)n));
        await AssertQuietAsync(wsA, 500);
        await AssertQuietAsync(wsB, 500);
    }

    [Fact]
    public async Task ARetryWithTheSameClientMessageId_ReturnsTheFirstMessage_AndSubscribersSeeItOnce()
    {
        await using var a = api.With(NoChatLimits);
        await using var b = api.With(NoChatLimits);
        var room = await NewRoomAsync(a.CreateClient());
        var user = await a.CreateClient().RegisterAsync();
        await using var ws = await WsClient.InitAsync(a, user.AccessToken);
        await ws.SubscribeAsync("s", Added, new { roomId = room, after = "0" });

        var first = await SendOkAsync(a.CreateClient(), user.AccessToken, room, "hello once", "retry-key-1");
        var retries = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => SendOkAsync((i % 2 == 0 ? a : b).CreateClient(), user.AccessToken, room, "hello once", "retry-key-1")));
        var after = await SendOkAsync(b.CreateClient(), user.AccessToken, room, "next one");

        Assert.All(retries, id => Assert.Equal(first, id));
        Assert.Equal([first, after], await ReceiveAddedAsync(ws, "s", 2));
        Assert.Equal([after, first], (await HistoryAsync(a.CreateClient(), user.AccessToken, room)).Edges.Select(e => e.Id));
        await AssertQuietAsync(ws, 500);
    }

    [Fact]
    public async Task ASubscriberReconnectingWithAfterCursor_GetsTheMissedMessagesFirst_ThenLiveOnes_WithoutGapOrRepeat()
    {
        await using var a = api.With(NoChatLimits);
        await using var b = api.With(NoChatLimits);
        var room = await NewRoomAsync(a.CreateClient());
        var user = await a.CreateClient().RegisterAsync();
        var sent = new List<string>();
        for (var n = 0; n < 3; n++)
        {
            sent.Add(await SendOkAsync(a.CreateClient(), user.AccessToken, room, $"before {n}"));
        }

        var cursor = (await HistoryAsync(a.CreateClient(), user.AccessToken, room)).Edges[0].Cursor; // the last seen: message 3
        for (var n = 0; n < 4; n++)
        {
            sent.Add(await SendOkAsync(b.CreateClient(), user.AccessToken, room, $"missed {n}"));
        }

        await using var ws = await WsClient.InitAsync(b, user.AccessToken);
        await ws.SubscribeAsync("r", Added, new { roomId = room, after = cursor });
        var live = Task.Run(async () =>
        {
            for (var n = 0; n < 3; n++)
            {
                sent.Add(await SendOkAsync(a.CreateClient(), user.AccessToken, room, $"live {n}"));
            }
        });
        var received = await ReceiveAddedAsync(ws, "r", 7);
        await live;

        Assert.Equal(sent.Skip(3), received);
        await AssertQuietAsync(ws, 500);
    }

    [Fact]
    public async Task ADeletedMessage_ReachesRemovedSubscribersOnAnotherInstance_AndLeavesTheHistory_ButOnlyItsAuthorOrAnAdminMayDeleteIt()
    {
        await using var a = api.With(NoChatLimits);
        await using var b = api.With(NoChatLimits);
        var client = a.CreateClient();
        var room = await NewRoomAsync(client);
        var author = await client.RegisterAsync();
        var other = await client.RegisterAsync();
        await using var ws = await WsClient.InitAsync(b, other.AccessToken);
        await ws.SubscribeAsync("d", "subscription($roomId: ID!) { chatMessageRemoved(roomId: $roomId) }", new { roomId = room });
        var kept = await SendOkAsync(client, author.AccessToken, room, "kept");
        var mine = await SendOkAsync(client, author.AccessToken, room, "to delete");
        var byAdmin = await SendOkAsync(client, other.AccessToken, room, "admin deletes");
        await Task.Delay(300); // the subscription is open on instance b

        const string Delete = "mutation($input: DeleteChatMessageInput!) { deleteChatMessage(input: $input) { deletedMessageId errors { code message } } }";
        var refused = await client.PostAsAsync(other.AccessToken, Delete, new { input = new { messageId = mine } });
        Assert.Equal("FORBIDDEN", refused.Data!["deleteChatMessage"]!["errors"]![0]!["code"]!.GetValue<string>());
        var deleted = await client.PostAsAsync(author.AccessToken, Delete, new { input = new { messageId = mine } });
        Assert.Equal(mine, deleted.Data!["deleteChatMessage"]!["deletedMessageId"]!.GetValue<string>());
        var byTheAdmin = await client.PostAsAsync(await AdminTokenAsync(client), Delete, new { input = new { messageId = byAdmin } });
        Assert.Equal(byAdmin, byTheAdmin.Data!["deleteChatMessage"]!["deletedMessageId"]!.GetValue<string>());
        var again = await client.PostAsAsync(author.AccessToken, Delete, new { input = new { messageId = mine } });
        Assert.Equal("NOT_FOUND", again.Data!["deleteChatMessage"]!["errors"]![0]!["code"]!.GetValue<string>());

        var first = await ws.ReceiveAsync();
        var second = await ws.ReceiveAsync();
        Assert.Equal(mine, first!["payload"]!["data"]!["chatMessageRemoved"]!.GetValue<string>());
        Assert.Equal(byAdmin, second!["payload"]!["data"]!["chatMessageRemoved"]!.GetValue<string>());
        Assert.Equal([kept], (await HistoryAsync(client, author.AccessToken, room)).Edges.Select(e => e.Id));
    }

    [Fact]
    public async Task AMessageWhoseEventHasNotArrived_IsFilledFromTheDatabase_BeforeTheNextOne_AndItsLateEventIsSkipped()
    {
        await using var a = api.With(NoChatLimits);
        var client = a.CreateClient();
        var room = await NewRoomAsync(client);
        var user = await client.RegisterAsync();
        await SendOkAsync(client, user.AccessToken, room, "first");
        var cursor = (await HistoryAsync(client, user.AccessToken, room)).Edges[0].Cursor;
        await using var ws = await WsClient.InitAsync(a, user.AccessToken);
        await ws.SubscribeAsync("s", Added, new { roomId = room, after = cursor });
        await Task.Delay(500); // the subscription is live

        var silent = await StoreWithoutEventAsync(GlobalId.Decode(room, "ChatRoom")!.Value, GlobalId.Decode(user.UserId, "User")!.Value, "its instance has not published yet");
        var next = await SendOkAsync(client, user.AccessToken, room, "the next one");
        var received = await ReceiveAddedAsync(ws, "s", 2);
        await a.Services.GetRequiredService<IEventFeed>().PublishAsync(ChatEvent.Of(ChatEvent.Added, silent), CancellationToken.None);

        Assert.Equal([GlobalId.Encode("ChatMessage", silent.Id), next], received);
        await AssertQuietAsync(ws, 1000);
    }

    [Fact]
    public async Task AMessageFannedOutToManySubscribers_ReadsItsAuthorAndRoomOnce_NotOncePerSubscriber()
    {
        await using var a = api.With(NoChatLimits);
        var client = a.CreateClient();
        var room = await NewRoomAsync(client);
        var user = await client.RegisterAsync();
        await SendOkAsync(client, user.AccessToken, room, "warm up");
        var cursor = (await HistoryAsync(client, user.AccessToken, room)).Edges[0].Cursor;
        var sockets = new List<WsClient>();
        try
        {
            for (var n = 0; n < 20; n++)
            {
                var ws = await WsClient.InitAsync(a, user.AccessToken);
                sockets.Add(ws);
                await ws.SubscribeAsync("s", Added, new { roomId = room, after = cursor });
            }

            await Task.Delay(1000); // every subscription is live
            await Task.Delay(TimeSpan.FromSeconds(10)); // the warm-up's author and room are no longer fresh
            using var counter = new SqlCounter();
            var sent = await SendOkAsync(client, user.AccessToken, room, "to everyone");
            foreach (var ws in sockets)
            {
                Assert.Equal([sent], await ReceiveAddedAsync(ws, "s", 1));
            }

            Assert.InRange(counter.Count, 1, 10); // the send itself, then one read of the author and one of the room
        }
        finally
        {
            foreach (var ws in sockets)
            {
                await ws.DisposeAsync();
            }
        }
    }

    /// <summary>A message stored the way the server stores one, but with no event published (yet).</summary>
    private async Task<ChatMessage> StoreWithoutEventAsync(Guid roomId, Guid authorId, string text)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using var next = new NpgsqlCommand("UPDATE chat_rooms SET last_seq = last_seq + 1 WHERE id = @room RETURNING last_seq", connection, tx);
        next.Parameters.AddWithValue("room", roomId);
        var seq = (long)(await next.ExecuteScalarAsync())!;
        var message = ChatMessage.Restore(Guid.CreateVersion7(), roomId, authorId, seq, text, null, DateTimeOffset.UtcNow, null);
        await using var insert = new NpgsqlCommand("INSERT INTO chat_messages (id, room_id, author_id, seq, text, created_at) VALUES (@id, @room, @author, @seq, @text, @at)", connection, tx);
        insert.Parameters.AddWithValue("id", message.Id);
        insert.Parameters.AddWithValue("room", roomId);
        insert.Parameters.AddWithValue("author", authorId);
        insert.Parameters.AddWithValue("seq", seq);
        insert.Parameters.AddWithValue("text", text);
        insert.Parameters.AddWithValue("at", message.CreatedAt);
        await insert.ExecuteNonQueryAsync();
        await tx.CommitAsync();
        return message;
    }
}
