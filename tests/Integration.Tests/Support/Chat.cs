using System.Text.Json.Nodes;

namespace Son1kVers3.Integration.Tests.Support;

/// <summary>Chat through the API: a fresh room per test, posting, history, live messages.</summary>
public static class Chat
{
    public const string MessageFields = "id text createdAt author { id } room { id name }";
    public const string ErrorFields = "errors { code message ... on MutationError { field retryAfterSeconds until } }";
    public const string Added = $"subscription($roomId: ID!, $after: String) {{ chatMessageAdded(roomId: $roomId, afterCursor: $after) {{ {MessageFields} }} }}";

    public static async Task<string> AdminTokenAsync(HttpClient client) =>
        (await client.LoginAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword)).AccessToken;

    public static async Task<string> NewRoomAsync(HttpClient client)
    {
        var response = await client.PostAsAsync(await AdminTokenAsync(client),
            $"mutation($input: CreateChatRoomInput!) {{ createChatRoom(input: $input) {{ room {{ id name archived }} {ErrorFields} }} }}",
            new { input = new { name = $"room-{Guid.NewGuid():N}" } });
        Assert.True(response.Errors is null, response.Body?.ToJsonString());
        Assert.Empty(response.Data!["createChatRoom"]!["errors"]!.AsArray());
        return response.Data!["createChatRoom"]!["room"]!["id"]!.GetValue<string>();
    }

    /// <summary>The sendChatMessage payload: { message, errors }.</summary>
    public static async Task<JsonNode> SendAsync(HttpClient client, string token, string roomId, string text, string? clientMessageId = null)
    {
        var response = await client.PostAsAsync(token,
            $"mutation($input: SendChatMessageInput!) {{ sendChatMessage(input: $input) {{ message {{ {MessageFields} }} {ErrorFields} }} }}",
            new { input = new { roomId, text, clientMessageId } });
        Assert.True(response.Errors is null, response.Body?.ToJsonString());
        return response.Data!["sendChatMessage"]!;
    }

    public static async Task<string> SendOkAsync(HttpClient client, string token, string roomId, string text, string? clientMessageId = null)
    {
        var payload = await SendAsync(client, token, roomId, text, clientMessageId);
        Assert.Empty(payload["errors"]!.AsArray());
        return payload["message"]!["id"]!.GetValue<string>();
    }

    /// <summary>One page of the room's history: (cursor, id, text) newest first, and the page info.</summary>
    public static async Task<(List<(string Cursor, string Id, string Text)> Edges, JsonNode PageInfo)> HistoryAsync(HttpClient client, string token, string roomId, int first = 100, string? after = null)
    {
        var response = await client.PostAsAsync(token,
            "query($id: ID!, $first: Int, $after: String) { chatRoom(id: $id) { messages(first: $first, after: $after) { edges { cursor node { id text } } pageInfo { hasNextPage endCursor } } } }",
            new { id = roomId, first, after });
        Assert.True(response.Errors is null, response.Body?.ToJsonString());
        var messages = response.Data!["chatRoom"]!["messages"]!;
        var edges = messages["edges"]!.AsArray()
            .Select(e => (e!["cursor"]!.GetValue<string>(), e["node"]!["id"]!.GetValue<string>(), e["node"]!["text"]!.GetValue<string>())).ToList();
        return (edges, messages["pageInfo"]!);
    }

    /// <summary>The ids of the next <paramref name="count"/> chatMessageAdded messages of subscription <paramref name="id"/>.</summary>
    public static async Task<List<string>> ReceiveAddedAsync(WsClient ws, string id, int count, int timeoutMs = 20000)
    {
        var ids = new List<string>();
        while (ids.Count < count)
        {
            var message = await ws.ReceiveAsync(timeoutMs) ?? throw new Xunit.Sdk.XunitException($"The socket closed after {ids.Count} of {count} messages");
            Assert.True(message["type"]!.GetValue<string>() == "next", message.ToJsonString());
            Assert.Equal(id, message["id"]!.GetValue<string>());
            ids.Add(message["payload"]!["data"]!["chatMessageAdded"]!["id"]!.GetValue<string>());
        }

        return ids;
    }

    /// <summary>Nothing more arrives within the time.</summary>
    public static async Task AssertQuietAsync(WsClient ws, int ms = 1000)
    {
        try
        {
            var extra = await ws.ReceiveAsync(ms);
            Assert.True(extra is null, extra?.ToJsonString());
        }
        catch (OperationCanceledException)
        {
            // quiet: nothing arrived (the socket is aborted; use this last)
        }
    }
}
