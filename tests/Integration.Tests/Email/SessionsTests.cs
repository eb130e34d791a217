using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Email;

[Collection(ApiCollection.Name)]
public class SessionsTests(ApiFactory api)
{
    private const string MySessions = "{ me { sessions { id current createdAt lastUsedAt userAgent } } }";
    private const string Revoke = "mutation($id: ID!) { revokeSession(input: { sessionId: $id }) { ok errors { code } } }";
    private const string Refresh = "mutation($t: String!) { refreshToken(input: { refreshToken: $t }) { accessToken errors { code } } }";

    [Fact]
    public async Task MySessions_ListsEverySignIn_MarksTheCurrentOne_AndARevokedOneLeavesTheListAndStopsRefreshing()
    {
        var client = api.CreateClient();
        var here = await client.RegisterAsync();
        var elsewhere = await client.LoginAsync(here.Email, "correct horse battery");

        var listed = await client.PostAsAsync(here.AccessToken, MySessions);
        Assert.True(listed.Data?["me"]?["sessions"] is not null, listed.Body?.ToJsonString());
        var before = listed.Data!["me"]!["sessions"]!.AsArray();
        var other = before.Single(s => !s!["current"]!.GetValue<bool>())!["id"]!.GetValue<string>();
        var revoked = await client.PostAsAsync(here.AccessToken, Revoke, new { id = other });
        var after = (await client.PostAsAsync(here.AccessToken, MySessions)).Data!["me"]!["sessions"]!.AsArray();
        var refreshed = await client.PostAsync(Refresh, new { t = elsewhere.RefreshToken });

        Assert.Equal(2, before.Count);
        Assert.Single(before, s => s!["current"]!.GetValue<bool>());
        Assert.True(revoked.Data!["revokeSession"]!["ok"]!.GetValue<bool>());
        Assert.Single(after);
        Assert.True(after[0]!["current"]!.GetValue<bool>());
        Assert.Equal("INVALID_REFRESH_TOKEN", refreshed.Data!["refreshToken"]!["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task RevokeSession_OfAnotherUsersSession_IsNotFound_AndLeavesItAlive()
    {
        var client = api.CreateClient();
        var victim = await client.RegisterAsync();
        var attacker = await client.RegisterAsync();
        var victimSession = (await client.PostAsAsync(victim.AccessToken, MySessions)).Data!["me"]!["sessions"]![0]!["id"]!.GetValue<string>();

        var refused = await client.PostAsAsync(attacker.AccessToken, Revoke, new { id = victimSession });
        var garbage = await client.PostAsAsync(attacker.AccessToken, Revoke, new { id = "bm90LWEtc2Vzc2lvbg" });

        Assert.Equal("NOT_FOUND", refused.Data!["revokeSession"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("VALIDATION", garbage.Data!["revokeSession"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Empty((await client.PostAsync(Refresh, new { t = victim.RefreshToken })).Data!["refreshToken"]!["errors"]!.AsArray());
    }

    [Fact]
    public async Task RevokeSession_ClosesTheSocketsOpenedWithThatSessionsTokens_With4403_AndLeavesTheCallersOpen()
    {
        var client = api.CreateClient();
        var here = await client.RegisterAsync();
        var elsewhere = await client.LoginAsync(here.Email, "correct horse battery");
        await using var elsewhereSocket = await WsClient.InitAsync(api, elsewhere.AccessToken);
        await using var hereSocket = await WsClient.InitAsync(api, here.AccessToken);
        var other = (await client.PostAsAsync(here.AccessToken, MySessions)).Data!["me"]!["sessions"]!.AsArray()
            .Single(s => !s!["current"]!.GetValue<bool>())!["id"]!.GetValue<string>();

        Assert.True((await client.PostAsAsync(here.AccessToken, Revoke, new { id = other })).Data!["revokeSession"]!["ok"]!.GetValue<bool>());

        Assert.Equal(4403, await elsewhereSocket.ClosedWithAsync(10_000));
        await hereSocket.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await hereSocket.ReceiveAsync())!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task RevokeSession_VoidsThatSessionsAccessToken_AtOnce_WhileTheCallersOwnStillWorks()
    {
        var client = api.CreateClient();
        var here = await client.RegisterAsync();
        var elsewhere = await client.LoginAsync(here.Email, "correct horse battery");
        Assert.NotNull((await client.PostAsAsync(elsewhere.AccessToken, "{ me { id } }")).Data!["me"]); // cached as live
        var other = (await client.PostAsAsync(here.AccessToken, MySessions)).Data!["me"]!["sessions"]!.AsArray()
            .Single(s => !s!["current"]!.GetValue<bool>())!["id"]!.GetValue<string>();

        Assert.True((await client.PostAsAsync(here.AccessToken, Revoke, new { id = other })).Data!["revokeSession"]!["ok"]!.GetValue<bool>());
        var revoked = await client.PostAsAsync(elsewhere.AccessToken, "{ me { id } }");
        var mine = await client.PostAsAsync(here.AccessToken, "{ me { id } }");

        Assert.Equal(HttpStatusCode.Unauthorized, revoked.Status);
        Assert.Equal("UNAUTHENTICATED", revoked.FirstErrorCode);
        Assert.NotNull(mine.Data!["me"]);
    }

    [Fact]
    public async Task ASession_RecordsTheUserAgentBoundedAndCleaned_AndTheTrustedEdgesCountry_KeptAcrossRefreshes()
    {
        var client = api.CreateClient();
        var account = await client.RegisterAsync();
        var longAgent = "Mozilla/5.0 (X11; Linux x86_64)\u0007 " + new string('a', 300);

        var signedIn = await LoginWithAsync(client, account.Email, longAgent, "mx");
        var refreshed = (await client.PostAsync(Refresh, new { t = signedIn["refreshToken"]!.GetValue<string>() })).Data!["refreshToken"]!["accessToken"]!.GetValue<string>();
        var session = (await client.PostAsAsync(refreshed, "{ me { sessions { current userAgent country createdAt lastUsedAt } } }"))
            .Data!["me"]!["sessions"]!.AsArray().Single(s => s!["current"]!.GetValue<bool>())!;

        var agent = session["userAgent"]!.GetValue<string>();
        Assert.Equal(256, agent.Length);
        Assert.StartsWith("Mozilla/5.0 (X11; Linux x86_64) aaa", agent);
        Assert.Equal("MX", session["country"]!.GetValue<string>());
        Assert.True(session["lastUsedAt"]!.GetValue<DateTime>() > session["createdAt"]!.GetValue<DateTime>());
    }

    [Fact]
    public async Task ASessionsCountry_FromAPeerThatIsNotATrustedProxy_IsNull()
    {
        await using var server = api.With(("TRUSTED_PROXIES", "10.9.9.9"));
        var client = server.CreateClient();
        var account = await client.RegisterAsync();

        var signedIn = await LoginWithAsync(client, account.Email, "curl/8.5", "MX");
        var session = (await client.PostAsAsync(signedIn["accessToken"]!.GetValue<string>(), "{ me { sessions { current userAgent country } } }"))
            .Data!["me"]!["sessions"]!.AsArray().Single(s => s!["current"]!.GetValue<bool>())!;

        Assert.Equal("curl/8.5", session["userAgent"]!.GetValue<string>());
        Assert.Null(session["country"]?.GetValue<string>());
    }

    private static async Task<JsonNode> LoginWithAsync(HttpClient client, string email, string userAgent, string country)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = JsonContent.Create(new
            {
                query = "mutation($e: String!) { login(input: { email: $e, password: \"correct horse battery\" }) { accessToken refreshToken errors { code } } }",
                variables = new { e = email },
            }),
        };
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        request.Headers.Add("CF-IPCountry", country);
        var response = await client.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(body["data"]?["login"]?["accessToken"] is not null, body.ToJsonString());
        return body["data"]!["login"]!;
    }
}
