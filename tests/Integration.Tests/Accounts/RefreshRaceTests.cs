using System.Text.Json.Nodes;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Accounts;

/// <summary>
/// A refresh racing a revocation of its family (a replayed token, a logout) must never leave a
/// usable refresh token behind: whichever runs first, the family ends fully revoked.
/// </summary>
[Collection(ApiCollection.Name)]
public class RefreshRaceTests(ApiFactory api)
{
    private const int Races = 200;
    private const int AtOnce = 8;
    private readonly HttpClient _client = api.CreateClient();

    private async Task<JsonNode> RefreshAsync(string token) => (await _client.PostAsync(
        "mutation($t: String!) { refreshToken(input: { refreshToken: $t }) { refreshToken errors { code } } }", new { t = token })).Data!["refreshToken"]!;

    private async Task LogoutAsync(string token)
    {
        var response = await _client.PostAsync("mutation($t: String!) { logout(input: { refreshToken: $t }) { ok errors { code } } }", new { t = token });
        Assert.True(response.Data!["logout"]!["ok"]!.GetValue<bool>(), response.Body?.ToJsonString());
    }

    /// <summary>1 when the refresh that raced handed out a token that still works afterwards.</summary>
    private async Task<int> SurvivorsAsync(JsonNode racedRefresh)
    {
        if (racedRefresh["refreshToken"]?.GetValue<string>() is not { } successor)
        {
            Assert.Equal("INVALID_REFRESH_TOKEN", racedRefresh["errors"]![0]!["code"]!.GetValue<string>());
            return 0;
        }

        return (await RefreshAsync(successor))["refreshToken"] is null ? 0 : 1;
    }

    private static async Task<int> RunAsync(Func<Task<int>> race)
    {
        var survivors = 0;
        for (var done = 0; done < Races; done += AtOnce)
        {
            survivors += (await Task.WhenAll(Enumerable.Range(0, AtOnce).Select(_ => race()))).Sum();
        }

        return survivors;
    }

    [Fact]
    public async Task RefreshRacingAReplayOfTheFamilysOldToken_LeavesNoUsableToken_In200Races()
    {
        var survivors = await RunAsync(async () =>
        {
            var first = (await _client.RegisterAsync()).RefreshToken;
            var second = (await RefreshAsync(first))["refreshToken"]!.GetValue<string>();

            var (refresh, replay) = (RefreshAsync(second), RefreshAsync(first)); // the replay of `first` revokes the family
            await Task.WhenAll(refresh, replay);
            return await SurvivorsAsync(await refresh);
        });

        Assert.Equal(0, survivors);
    }

    [Fact]
    public async Task RefreshRacingALogout_LeavesNoUsableToken_In200Races()
    {
        var survivors = await RunAsync(async () =>
        {
            var token = (await _client.RegisterAsync()).RefreshToken;

            var (refresh, logout) = (RefreshAsync(token), LogoutAsync(token));
            await Task.WhenAll(refresh, logout);
            return await SurvivorsAsync(await refresh);
        });

        Assert.Equal(0, survivors);
    }
}
