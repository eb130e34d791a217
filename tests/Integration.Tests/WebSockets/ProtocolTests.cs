using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.WebSockets;

/// <summary>graphql-transport-ws, message by message, and its close codes.</summary>
[Collection(ApiCollection.Name)]
public class ProtocolTests(ApiFactory api)
{
    [Fact]
    public async Task PingIsAnsweredWithPong_CarryingThePayload()
    {
        await using var ws = await WsClient.InitAsync(api);

        await ws.SendAsync(new { type = "ping", payload = new { at = 42 } });

        Assert.Equal("""{"type":"pong","payload":{"at":42}}""", (await ws.ReceiveAsync())!.ToJsonString());
    }

    [Fact]
    public async Task AQuery_GetsOneNext_ThenComplete()
    {
        await using var ws = await WsClient.InitAsync(api);

        await ws.SubscribeAsync("q1", "{ plans { tier } }");

        var next = (await ws.ReceiveAsync())!;
        Assert.Equal(("next", "q1"), (next["type"]!.GetValue<string>(), next["id"]!.GetValue<string>()));
        Assert.Equal(4, next["payload"]!["data"]!["plans"]!.AsArray().Count);
        Assert.Equal("""{"type":"complete","id":"q1"}""", (await ws.ReceiveAsync())!.ToJsonString());
    }

    [Fact]
    public async Task AnInvalidDocument_GetsAnErrorMessage_WithTheErrors()
    {
        await using var ws = await WsClient.InitAsync(api);

        await ws.SubscribeAsync("bad", "subscription { noSuchField }");

        var error = (await ws.ReceiveAsync())!;
        Assert.Equal("error", error["type"]!.GetValue<string>());
        Assert.Contains("noSuchField", error["payload"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task SubscribeBeforeInit_Closes4401()
    {
        await using var ws = await WsClient.ConnectAsync(api);

        await ws.SubscribeAsync("1", "{ plans { tier } }");

        Assert.Equal(4401, await ws.ClosedWithAsync());
    }

    [Fact]
    public async Task ASecondInit_Closes4429()
    {
        await using var ws = await WsClient.InitAsync(api);

        await ws.SendAsync(new { type = "connection_init" });

        Assert.Equal(4429, await ws.ClosedWithAsync());
    }

    [Fact]
    public async Task NoInitInTime_Closes4408()
    {
        await using var server = api.With(("GRAPHQL_WS_INIT_TIMEOUT_MS", "200"));
        await using var ws = await WsClient.ConnectAsync(server);

        Assert.Equal(4408, await ws.ClosedWithAsync());
    }

    [Fact]
    public async Task AnInvalidToken_Closes4403()
    {
        await using var ws = await WsClient.ConnectAsync(api);

        await ws.SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer not-a-token" } });

        Assert.Equal(4403, await ws.ClosedWithAsync());
    }

    [Fact]
    public async Task ADuplicateOperationId_Closes4409()
    {
        var user = await api.CreateClient().RegisterAsync();
        await using var ws = await WsClient.InitAsync(api, user.AccessToken);
        await ws.SubscribeAsync("same", "subscription { myGenerationUpdated { id } }");

        await ws.SubscribeAsync("same", "subscription { myGenerationUpdated { id } }");

        Assert.Equal(4409, await ws.ClosedWithAsync());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"type":"shout"}""")]
    [InlineData("""{"type":"subscribe","id":"1"}""")]
    public async Task AnInvalidMessage_Closes4400(string text)
    {
        await using var ws = await WsClient.InitAsync(api);

        await ws.SendTextAsync(text);

        Assert.Equal(4400, await ws.ClosedWithAsync());
    }

    [Fact]
    public async Task AMessageOverTheSizeLimit_Closes4400()
    {
        await using var server = api.With(("GRAPHQL_WS_MAX_MESSAGE_BYTES", "2048"));
        await using var ws = await WsClient.InitAsync(server);

        await ws.SubscribeAsync("big", "{ plans { tier } }" + new string(' ', 4096));

        Assert.Equal(4400, await ws.ClosedWithAsync());
        Assert.Contains("2048", ws.CloseReason);
    }

    [Fact]
    public async Task ASubscriptionNeedingSignIn_WithoutAToken_IsAnError()
    {
        await using var ws = await WsClient.InitAsync(api);

        await ws.SubscribeAsync("1", "subscription { myGenerationUpdated { id } }");

        var message = (await ws.ReceiveAsync())!;
        Assert.Contains(message["type"]!.GetValue<string>(), new[] { "error", "next" });
        Assert.Contains("UNAUTHENTICATED", message.ToJsonString());
    }

    [Fact]
    public async Task AServerShuttingDown_ClosesItsSockets_With1001()
    {
        var server = api.With();
        await using var ws = await WsClient.InitAsync(server);
        await ws.SubscribeAsync("pool", "subscription { tokenPoolUpdated { uniqueClients } }");
        Assert.Equal("next", (await ws.ReceiveAsync())!["type"]!.GetValue<string>());

        var stopping = server.DisposeAsync();

        Assert.Equal(1001, await ws.ClosedWithAsync());
        await stopping;
    }

    [Fact]
    public async Task WithoutTheSubprotocol_TheUpgradeIsRefused()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => WsClient.ConnectAsync(api, subProtocol: null));
    }
}
