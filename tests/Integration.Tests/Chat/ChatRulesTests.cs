using Son1kVers3.Integration.Tests.Support;
using static Son1kVers3.Integration.Tests.Support.Chat;

namespace Son1kVers3.Integration.Tests.Chat;

/// <summary>What sendChatMessage refuses, and the history's paging, through HTTP on the real server.</summary>
[Collection(ApiCollection.Name)]
public class ChatRulesTests(ApiFactory api)
{
    [Theory]
    [InlineData("   ", "must not be empty")]
    [InlineData("bell \u0007 here", "control characters")]
    [InlineData("escape \u001b[31m red", "control characters")]
    public async Task SendChatMessage_WithBadText_AnswersValidationNamingText(string text, string expected)
    {
        var client = api.CreateClient();
        var room = await NewRoomAsync(client);
        var user = await client.RegisterAsync();

        var error = (await SendAsync(client, user.AccessToken, room, text))["errors"]![0]!;

        Assert.Equal("VALIDATION", error["code"]!.GetValue<string>());
        Assert.Equal("text", error["field"]!.GetValue<string>());
        Assert.Contains(expected, error["message"]!.GetValue<string>());
        Assert.Empty((await HistoryAsync(client, user.AccessToken, room)).Edges);
    }

    [Fact]
    public async Task SendChatMessage_CountsCharactersAfterTrimming_AndKeepsNewlinesAndTabs()
    {
        var client = api.CreateClient();
        var room = await NewRoomAsync(client);
        var user = await client.RegisterAsync();

        var tooLong = (await SendAsync(client, user.AccessToken, room, new string('x', 2001)))["errors"]![0]!;
        var padded = await SendAsync(client, user.AccessToken, room, "  " + new string('y', 2000) + " \n");
        var multiline = await SendAsync(client, user.AccessToken, room, " line one\n\tline two ");

        Assert.Equal("text", tooLong["field"]!.GetValue<string>());
        Assert.Equal(2000, padded["message"]!["text"]!.GetValue<string>().Length);
        Assert.Equal("line one\n\tline two", multiline["message"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task SendChatMessage_PastTheLimitPer10Seconds_AnswersRateLimited_WithRetryAfterSeconds()
    {
        await using var server = api.With(("CHAT_MESSAGES_PER_10_SECONDS", "3"));
        var client = server.CreateClient();
        var room = await NewRoomAsync(client);
        var user = await client.RegisterAsync();
        var other = await client.RegisterAsync();
        await RateLimitWindow.AtTheStartOfAWindowAsync(TimeSpan.FromSeconds(10));
        for (var n = 0; n < 3; n++)
        {
            await SendOkAsync(client, user.AccessToken, room, $"ok {n}");
        }

        var error = (await SendAsync(client, user.AccessToken, room, "one too many"))["errors"]![0]!;
        var otherUser = await SendAsync(client, other.AccessToken, room, "someone else");

        Assert.Equal("RATE_LIMITED", error["code"]!.GetValue<string>());
        Assert.InRange(error["retryAfterSeconds"]!.GetValue<int>(), 1, 10);
        Assert.Empty(otherUser["errors"]!.AsArray());
        Assert.Equal(4, (await HistoryAsync(client, user.AccessToken, room)).Edges.Count);
    }

    [Fact]
    public async Task AMutedUser_GetsMutedWithTheEndTime_InThatRoomOnly_AndOnlyAdminsMayMute()
    {
        var client = api.CreateClient();
        var room = await NewRoomAsync(client);
        var otherRoom = await NewRoomAsync(client);
        var user = await client.RegisterAsync();
        var until = DateTimeOffset.UtcNow.AddMinutes(30);
        const string Mute = "mutation($input: MuteChatUserInput!) { muteChatUser(input: $input) { ok errors { code } } }";
        var input = new { input = new { roomId = room, userId = user.UserId, until = until.UtcDateTime.ToString("O") } };

        var byUser = await client.PostAsAsync(user.AccessToken, Mute, input);
        var byAdmin = await client.PostAsAsync(await AdminTokenAsync(client), Mute, input);
        var error = (await SendAsync(client, user.AccessToken, room, "am I muted?"))["errors"]![0]!;

        Assert.Equal("FORBIDDEN", byUser.FirstErrorCode);
        Assert.True(byAdmin.Data!["muteChatUser"]!["ok"]!.GetValue<bool>(), byAdmin.Body!.ToJsonString());
        Assert.Equal("MUTED", error["code"]!.GetValue<string>());
        Assert.Equal(until.ToUnixTimeSeconds(), DateTimeOffset.Parse(error["until"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds());
        await SendOkAsync(client, user.AccessToken, otherRoom, "free to talk here");
    }

    [Fact]
    public async Task AnArchivedRoom_IsReadOnly_ButItsHistoryStaysReadable()
    {
        var client = api.CreateClient();
        var room = await NewRoomAsync(client);
        var user = await client.RegisterAsync();
        var before = await SendOkAsync(client, user.AccessToken, room, "before archiving");
        const string Update = "mutation($input: UpdateChatRoomInput!) { updateChatRoom(input: $input) { room { archived } errors { code } } }";

        var byUser = await client.PostAsAsync(user.AccessToken, Update, new { input = new { roomId = room, archived = true } });
        var archived = await client.PostAsAsync(await AdminTokenAsync(client), Update, new { input = new { roomId = room, archived = true } });
        var error = (await SendAsync(client, user.AccessToken, room, "after archiving"))["errors"]![0]!;

        Assert.Equal("FORBIDDEN", byUser.FirstErrorCode);
        Assert.True(archived.Data!["updateChatRoom"]!["room"]!["archived"]!.GetValue<bool>());
        Assert.Equal("ROOM_ARCHIVED", error["code"]!.GetValue<string>());
        Assert.Equal([before], (await HistoryAsync(client, user.AccessToken, room)).Edges.Select(e => e.Id));
    }

    [Fact]
    public async Task History_PagesNewestFirst_WithoutRepeatsOrGaps_WhileNewMessagesArrive()
    {
        var client = api.With(("CHAT_MESSAGES_PER_10_SECONDS", "1000")).CreateClient();
        var room = await NewRoomAsync(client);
        var user = await client.RegisterAsync();
        for (var n = 1; n <= 5; n++)
        {
            await SendOkAsync(client, user.AccessToken, room, $"m{n}");
        }

        var (firstPage, firstInfo) = await HistoryAsync(client, user.AccessToken, room, first: 2);
        await SendOkAsync(client, user.AccessToken, room, "m6 arrives while paging");
        var (secondPage, _) = await HistoryAsync(client, user.AccessToken, room, first: 2, after: firstInfo["endCursor"]!.GetValue<string>());
        var (lastPage, lastInfo) = await HistoryAsync(client, user.AccessToken, room, first: 2, after: secondPage[^1].Cursor);

        Assert.Equal(["m5", "m4", "m3", "m2", "m1"], firstPage.Concat(secondPage).Concat(lastPage).Select(e => e.Text));
        Assert.True(firstInfo["hasNextPage"]!.GetValue<bool>());
        Assert.False(lastInfo["hasNextPage"]!.GetValue<bool>());
    }

    [Fact]
    public async Task History_PagesTowardsNewerMessages_WithLastAndBefore_WithoutRepeatsOrGaps_WhileNewMessagesArrive()
    {
        var client = api.With(("CHAT_MESSAGES_PER_10_SECONDS", "1000")).CreateClient();
        var room = await NewRoomAsync(client);
        var user = await client.RegisterAsync();
        for (var n = 1; n <= 7; n++)
        {
            await SendOkAsync(client, user.AccessToken, room, $"m{n}");
        }

        var (oldest, oldestInfo) = await BackwardAsync(client, user.AccessToken, room, 3, null);
        var (middle, middleInfo) = await BackwardAsync(client, user.AccessToken, room, 3, oldestInfo["startCursor"]!.GetValue<string>());
        await SendOkAsync(client, user.AccessToken, room, "m8");
        await SendOkAsync(client, user.AccessToken, room, "m9");
        var (newest, newestInfo) = await BackwardAsync(client, user.AccessToken, room, 3, middleInfo["startCursor"]!.GetValue<string>());

        Assert.Equal(["m3", "m2", "m1"], oldest); // each page newest first, like the rest of the history
        Assert.Equal(["m6", "m5", "m4"], middle);
        Assert.Equal(["m9", "m8", "m7"], newest);
        Assert.True(oldestInfo["hasPreviousPage"]!.GetValue<bool>());
        Assert.True(middleInfo["hasPreviousPage"]!.GetValue<bool>());
        Assert.True(middleInfo["hasNextPage"]!.GetValue<bool>());
        Assert.False(newestInfo["hasPreviousPage"]!.GetValue<bool>());

        var mixed = await client.PostAsAsync(user.AccessToken, "query($id: ID!) { chatRoom(id: $id) { messages(first: 2, last: 2) { nodes { id } } } }", new { id = room });
        Assert.Equal("BAD_USER_INPUT", mixed.Errors![0]!["extensions"]!["code"]!.GetValue<string>());
        var tooMany = await client.PostAsAsync(user.AccessToken, "query($id: ID!) { chatRoom(id: $id) { messages(last: 101) { nodes { id } } } }", new { id = room });
        Assert.Equal("BAD_USER_INPUT", tooMany.Errors![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    private static async Task<(List<string> Texts, System.Text.Json.Nodes.JsonNode PageInfo)> BackwardAsync(HttpClient client, string token, string room, int last, string? before)
    {
        var response = await client.PostAsAsync(token,
            "query($id: ID!, $last: Int, $before: String) { chatRoom(id: $id) { messages(last: $last, before: $before) { nodes { text } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }",
            new { id = room, last, before });
        Assert.True(response.Errors is null, response.Body?.ToJsonString());
        var messages = response.Data!["chatRoom"]!["messages"]!;
        return (messages["nodes"]!.AsArray().Select(n => n!["text"]!.GetValue<string>()).ToList(), messages["pageInfo"]!);
    }
}
