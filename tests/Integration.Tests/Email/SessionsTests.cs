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
}
