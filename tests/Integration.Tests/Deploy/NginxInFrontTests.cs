using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Deploy;

/// <summary>
/// deploy/nginx.conf (its test variant: plain HTTP on loopback) in front of a real server process
/// that trusts nginx (TRUSTED_PROXIES=127.0.0.1, as the README tells operators to set it).
/// </summary>
[Collection(ApiCollection.Name)]
public class NginxInFrontTests(ApiFactory api)
{
    private const int MaxRequestBytes = 256 * 1024;

    [Fact]
    public async Task AQueryAndASubscription_PassThroughNginx_UntilTheGenerationCompletes()
    {
        // Stages of 1 s: the song is still being made when the socket (through nginx) subscribes, so live updates must
        // pass, not only the first value (with the fast worker's 150 ms stages it was once COMPLETED before the subscribe).
        (string, string)[] worker = [.. Support.Generations.FastWorker.Where(s => s.Key != "SIMULATOR_STAGE_MS").Select(s => (s.Key, s.Value!)), ("SIMULATOR_STAGE_MS", "1000")];
        await using var server = await ServerProcess.StartAsync(api, [.. Trusting, .. worker]);
        await using var nginx = await NginxProcess.StartAsync(server.Client.BaseAddress!.Port);
        using var client = new HttpClient { BaseAddress = nginx.HttpUrl };

        var plans = await client.PostAsync("{ plans { tier } }");
        var user = await client.RegisterAsync();
        var id = (await client.CreateOkAsync(user.AccessToken, new { model = "V5", prompt = "through nginx" }))["id"]!.GetValue<string>();
        await using var ws = await WsClient.ConnectAsync(nginx.WebSocketUrl, user.AccessToken);
        await ws.SubscribeAsync("g", "subscription($id: ID!) { generationUpdated(id: $id) { status } }", new { id });
        var statuses = new List<string>();
        while (await ws.ReceiveAsync(30000) is { } message && message["type"]!.GetValue<string>() == "next")
        {
            statuses.Add(message["payload"]!["data"]!["generationUpdated"]!["status"]!.GetValue<string>());
        }

        Assert.Equal(4, plans.Data!["plans"]!.AsArray().Count);
        Assert.True(statuses.Count >= 2 && statuses[^1] == "COMPLETED", $"statuses: {string.Join(", ", statuses)}\n{nginx.ErrorLog}");
    }

    [Fact]
    public async Task AClientSentForwardedFor_IsNotBelieved_TheServerCountsNginxsViewOfTheClient()
    {
        // One socket per client address: sockets claiming different addresses through nginx must
        // still all count as 127.0.0.1, nginx's view of this client.
        await using var server = await ServerProcess.StartAsync(api, [.. Trusting, ("GRAPHQL_WS_MAX_CONNECTIONS_PER_ADDRESS", "1")]);
        await using var nginx = await NginxProcess.StartAsync(server.Client.BaseAddress!.Port);

        // Straight to the server (whose peer, 127.0.0.1, is trusted) the forged header is believed:
        // three "different" clients. This is what nginx must prevent.
        var direct = await OpenSocketsAsync(server.WebSocketUrl, ["203.0.113.1", "203.0.113.2", "203.0.113.3"]);
        var throughNginx = await OpenSocketsAsync(nginx.WebSocketUrl, ["198.51.100.1", "198.51.100.2", "198.51.100.3"]);

        Assert.Equal([HttpStatusCode.SwitchingProtocols, HttpStatusCode.SwitchingProtocols, HttpStatusCode.SwitchingProtocols], direct);
        Assert.Equal([HttpStatusCode.SwitchingProtocols, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], throughNginx);
    }

    [Fact]
    public async Task ABodyOfTheServersLimit_PassesNginx_AndOneByteMore_Is413WithTheServersErrorCode()
    {
        await using var server = await ServerProcess.StartAsync(api, Trusting);
        await using var nginx = await NginxProcess.StartAsync(server.Client.BaseAddress!.Port);
        using var client = new HttpClient { BaseAddress = nginx.HttpUrl };

        var atLimit = await client.PostAsync("/graphql", QueryOfSize(MaxRequestBytes));
        var overLimit = await client.PostAsync("/graphql", QueryOfSize(MaxRequestBytes + 1));
        var refusal = JsonNode.Parse(await overLimit.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, overLimit.StatusCode);
        Assert.Equal("PAYLOAD_TOO_LARGE", refusal["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    private static readonly (string, string)[] Trusting = [("TRUSTED_PROXIES", "127.0.0.1")];

    /// <summary>Opens one socket per forged X-Forwarded-For, keeping each open; the handshake status of each.</summary>
    private static async Task<HttpStatusCode[]> OpenSocketsAsync(Uri url, string[] forgedAddresses)
    {
        var sockets = new List<ClientWebSocket>();
        var statuses = new List<HttpStatusCode>();
        try
        {
            foreach (var forged in forgedAddresses)
            {
                var socket = new ClientWebSocket();
                sockets.Add(socket);
                socket.Options.AddSubProtocol("graphql-transport-ws");
                socket.Options.SetRequestHeader("X-Forwarded-For", forged);
                socket.Options.CollectHttpResponseDetails = true;
                try
                {
                    await socket.ConnectAsync(url, CancellationToken.None);
                }
                catch (WebSocketException)
                {
                    // refused before the upgrade: HttpStatusCode says why
                }

                statuses.Add(socket.HttpStatusCode);
            }
        }
        finally
        {
            sockets.ForEach(s => s.Abort());
            sockets.ForEach(s => s.Dispose());
        }

        return [.. statuses];
    }

    /// <summary>A valid query whose JSON body is exactly this many bytes (padded with whitespace, which GraphQL ignores).</summary>
    private static StringContent QueryOfSize(int bytes)
    {
        const string head = """{"query":"{ plans { tier } }""";
        const string tail = "\"}";
        var body = head + new string(' ', bytes - head.Length - tail.Length) + tail;
        Assert.Equal(bytes, Encoding.UTF8.GetByteCount(body));
        return new StringContent(body, Encoding.UTF8, "application/json");
    }
}
