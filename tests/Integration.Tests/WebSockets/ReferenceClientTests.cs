using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.WebSockets;

/// <summary>The server driven by the reference client of the protocol (npm graphql-ws) over real TCP.</summary>
[Collection(ApiCollection.Name)]
public class ReferenceClientTests(ApiFactory api)
{
    [Fact]
    public async Task TheReferenceClient_FollowsAGenerationToCompletion()
    {
        var port = FreePort();
        await using var server = api.With([.. Support.Generations.FastWorker, ("SIMULATOR_STAGE_MS", "300"), ("HOST", "127.0.0.1"), ("PORT", port.ToString())]);
        server.UseKestrel();
        server.StartServer();
        var client = server.CreateClient();
        var user = await client.RegisterAsync();
        var id = (await client.CreateOkAsync(user.AccessToken, new { model = "V5", prompt = "for the reference client" }))["id"]!.GetValue<string>();

        var lines = await NodeScript.RunAsync("ws-reference-client", "graphql-ws", "subscribe.mjs", $"ws://127.0.0.1:{port}/graphql", user.AccessToken, id);

        var updates = lines.Select(l => JsonNode.Parse(l)!).ToList();
        Assert.True(updates[^1]["completed"]?.GetValue<bool>() == true, string.Join('\n', lines));
        var statuses = updates.SkipLast(1).Select(u => u["data"]!["generationUpdated"]!["status"]!.GetValue<string>()).ToList();
        Assert.Equal("COMPLETED", statuses[^1]);
        Assert.Equal(2, updates[^2]["data"]!["generationUpdated"]!["tracks"]!.AsArray().Count);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
