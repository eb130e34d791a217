using System.Net;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Accounts;

[Collection(ApiCollection.Name)]
public class AccountFlowTests(ApiFactory api)
{
    private readonly HttpClient _client = api.CreateClient();
    private const string Me = "{ me { id email role tier tools } }";

    private async Task<GraphQLResponse> RefreshAsync(string token) => await _client.PostAsync(
        $"mutation($t: String!) {{ refreshToken(input: {{ refreshToken: $t }}) {{ {Support.Accounts.AuthFields} }} }}", new { t = token });

    [Fact]
    public async Task Register_ThenLogin_ThenMe_ReturnsTheUser()
    {
        var email = Support.Accounts.NewEmail();
        await _client.RegisterAsync(email.ToUpperInvariant() + "  ");
        var session = await _client.LoginAsync(email, "correct horse battery");

        var me = await _client.PostAsAsync(session.AccessToken, Me);

        var user = me.Data!["me"]!;
        Assert.Equal(email, user["email"]!.GetValue<string>());
        Assert.Equal("USER", user["role"]!.GetValue<string>());
        Assert.Equal("FREE", user["tier"]!.GetValue<string>());
        Assert.Equal("""["PIXEL_BASIC"]""", user["tools"]!.ToJsonString());
        Assert.Equal(session.UserId, user["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Timestamps_AreIsoDateTimesInUtc_ForTheTokenTheUserAndTheUsage()
    {
        var session = await _client.RegisterAsync(); // asserts expiresAt resolved without an error

        var me = await _client.PostAsAsync(session.AccessToken, "{ me { createdAt usage { downloads { resetsAt } } } }");

        Assert.True(me.Errors is null, me.Body?.ToJsonString());
        Assert.EndsWith("Z", me.Data!["me"]!["createdAt"]!.GetValue<string>());
        Assert.True(DateTimeOffset.TryParse(me.Data["me"]!["createdAt"]!.GetValue<string>(), out _));
    }

    [Fact]
    public async Task Me_WhenAnonymous_IsNull()
    {
        var me = await _client.PostAsync(Me);

        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Null(me.Data!["me"]);
    }

    [Fact]
    public async Task Register_WithATakenEmail_InAnyCase_IsEmailTaken()
    {
        var first = await _client.RegisterAsync();

        var again = await _client.PostAsync(
            "mutation { register(input: { email: \"" + first.Email.ToUpperInvariant() + "\", password: \"another good one\" }) { accessToken errors { code message } } }");

        Assert.Null(again.Data!["register"]!["accessToken"]);
        Assert.Equal("EMAIL_TAKEN", again.Data!["register"]!["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("not-an-email", "long enough pass", "email")]
    [InlineData("ok@tests.son1kvers3.com", "short", "password")]
    [InlineData("ok@tests.son1kvers3.com", "password123", "password")]
    public async Task Register_WithBadInput_IsValidation_NamingTheField(string email, string password, string field)
    {
        var response = await _client.PostAsync(
            $"mutation($input: RegisterInput!) {{ register(input: $input) {{ {Support.Accounts.AuthFields} }} }}",
            new { input = new { email, password } });

        var error = response.Data!["register"]!["errors"]![0]!;
        Assert.Equal("VALIDATION", error["code"]!.GetValue<string>());
        Assert.Equal(field, error["field"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("tiktok-open-1@users.son1kvers3.invalid")]
    [InlineData("someone@example.test")]
    [InlineData("someone@mail.example")]
    [InlineData("someone@localhost.localhost")]
    [InlineData("someone@example.com")]
    [InlineData("someone@mail.example.org")]
    [InlineData("someone@example.net")]
    public async Task Register_OnAReservedDomain_IsValidation_NamingTheEmail(string email)
    {
        var response = await _client.PostAsync(
            $"mutation($input: RegisterInput!) {{ register(input: $input) {{ {Support.Accounts.AuthFields} }} }}",
            new { input = new { email, password = "long enough pass" } });

        var error = response.Data!["register"]!["errors"]![0]!;
        Assert.Equal("VALIDATION", error["code"]!.GetValue<string>());
        Assert.Equal("email", error["field"]!.GetValue<string>());
        Assert.Contains("reserved domain", error["message"]!.GetValue<string>());
        Assert.Null(response.Data!["register"]!["accessToken"]);
    }

    [Fact]
    public async Task Login_WithAWrongPassword_OrAnUnknownEmail_GivesTheSameAnswer()
    {
        var account = await _client.RegisterAsync();
        const string query = "mutation($e: String!, $p: String!) { login(input: { email: $e, password: $p }) { accessToken errors { code message } } }";

        var wrongPassword = await _client.PostAsync(query, new { e = account.Email, p = "not the password" });
        var unknownEmail = await _client.PostAsync(query, new { e = Support.Accounts.NewEmail(), p = "not the password" });

        Assert.Equal("INVALID_CREDENTIALS", wrongPassword.Data!["login"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(wrongPassword.Data!["login"]!.ToJsonString(), unknownEmail.Data!["login"]!.ToJsonString());
    }

    [Fact]
    public async Task RefreshToken_Rotates_AndTheNewSessionWorks()
    {
        var session = await _client.RegisterAsync();

        var refreshed = (await RefreshAsync(session.RefreshToken)).Data!["refreshToken"]!;
        var newRefresh = refreshed["refreshToken"]!.GetValue<string>();

        Assert.NotEqual(session.RefreshToken, newRefresh);
        var me = await _client.PostAsAsync(refreshed["accessToken"]!.GetValue<string>(), Me);
        Assert.Equal(session.Email, me.Data!["me"]!["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReusingAnOldRefreshToken_RevokesTheWholeFamily_ButNotOtherDevices()
    {
        var phone = await _client.RegisterAsync();
        var laptop = await _client.LoginAsync(phone.Email, "correct horse battery");
        var rotated = (await RefreshAsync(phone.RefreshToken)).Data!["refreshToken"]!["refreshToken"]!.GetValue<string>();

        var replay = await RefreshAsync(phone.RefreshToken);
        var afterTheft = await RefreshAsync(rotated);
        var otherDevice = await RefreshAsync(laptop.RefreshToken);

        Assert.Equal("INVALID_REFRESH_TOKEN", replay.Data!["refreshToken"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("INVALID_REFRESH_TOKEN", afterTheft.Data!["refreshToken"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Empty(otherDevice.Data!["refreshToken"]!["errors"]!.AsArray());
    }

    [Fact]
    public async Task ConcurrentUsesOfOneRefreshToken_SucceedOnce()
    {
        var session = await _client.RegisterAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => RefreshAsync(session.RefreshToken)));

        Assert.Equal(1, results.Count(r => r.Data!["refreshToken"]!["errors"]!.AsArray().Count == 0));
    }

    [Fact]
    public async Task Logout_RevokesThePresentedSession()
    {
        var session = await _client.RegisterAsync();

        var logout = await _client.PostAsync("mutation($t: String!) { logout(input: { refreshToken: $t }) { ok errors { code } } }", new { t = session.RefreshToken });
        var refresh = await RefreshAsync(session.RefreshToken);

        Assert.True(logout.Data!["logout"]!["ok"]!.GetValue<bool>());
        Assert.Equal("INVALID_REFRESH_TOKEN", refresh.Data!["refreshToken"]!["errors"]![0]!["code"]!.GetValue<string>());
    }
}
