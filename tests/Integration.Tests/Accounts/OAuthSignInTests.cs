using System.Text.Json.Nodes;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Accounts;

[Collection(ApiCollection.Name)]
public sealed class OAuthSignInTests : IDisposable
{
    private const string SignIn = """
        mutation($input: SignInWithOAuthInput!) {
          signInWithOAuth(input: $input) { accessToken refreshToken user { id email linkedProviders } errors { code message } }
        }
        """;

    private readonly ApiFactory _api;
    private readonly OAuthProvidersFake _providers = new();
    private readonly HttpClient _client;

    public OAuthSignInTests(ApiFactory api)
    {
        _api = api;
        _client = api.With(_providers.Settings).CreateClient();
    }

    public void Dispose() => _providers.Dispose();

    private async Task<JsonNode> SignInAsync(string provider, string code, string? codeVerifier = null, HttpClient? client = null)
    {
        var response = await (client ?? _client).PostAsync(SignIn, new { input = new { provider, code, redirectUri = "https://app.son1kvers3.test/auth/callback", codeVerifier } });
        Assert.True(response.Data is not null, response.Body?.ToJsonString());
        return response.Data!["signInWithOAuth"]!;
    }

    private static string Code() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Google_NewPerson_CreatesAUser_AndTheSameSubjectSignsInToTheSameUser()
    {
        var (first, second) = (Code(), Code());
        var email = Support.Accounts.NewEmail();
        _providers.Google(first, subject: "g-" + first, email);
        _providers.Google(second, subject: "g-" + first, email);

        var created = await SignInAsync("GOOGLE", first);
        var again = await SignInAsync("GOOGLE", second);

        Assert.Empty(created["errors"]!.AsArray());
        Assert.Equal(email, created["user"]!["email"]!.GetValue<string>());
        Assert.Equal("""["GOOGLE"]""", created["user"]!["linkedProviders"]!.ToJsonString());
        Assert.Equal(created["user"]!["id"]!.GetValue<string>(), again["user"]!["id"]!.GetValue<string>());
        var me = await _client.PostAsAsync(created["accessToken"]!.GetValue<string>(), "{ me { email } }");
        Assert.Equal(email, me.Data!["me"]!["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task Google_WithPkce_ForwardsTheVerifierAndTheClientCredentials()
    {
        var code = Code();
        var verifier = new string('v', 43) + code;
        _providers.Google(code, "g-" + code, Support.Accounts.NewEmail());

        await SignInAsync("GOOGLE", code, verifier);

        var sent = _providers.SentRequests().Single(r => r.Contains("/google/token") && r.Contains(code));
        Assert.Contains($"code_verifier={verifier}", sent);
        Assert.Contains("client_id=google-client", sent);
        Assert.Contains("grant_type=authorization_code", sent);
        Assert.Contains("redirect_uri=https%3A%2F%2Fapp.son1kvers3.test%2Fauth%2Fcallback", sent);
    }

    [Fact]
    public async Task Google_VerifiedEmailOfAnExistingAccount_LinksToThatAccount()
    {
        var account = await _client.RegisterAsync();
        var code = Code();
        _providers.Google(code, "g-" + code, account.Email.ToUpperInvariant());

        var signedIn = await SignInAsync("GOOGLE", code);

        Assert.Equal(account.UserId, signedIn["user"]!["id"]!.GetValue<string>());
        Assert.Equal("""["GOOGLE"]""", signedIn["user"]!["linkedProviders"]!.ToJsonString());
        await _client.LoginAsync(account.Email, "correct horse battery"); // the password still works
    }

    [Fact]
    public async Task Google_UnverifiedEmail_DoesNotLink_ToTheAccountWithThatEmail()
    {
        var account = await _client.RegisterAsync();
        var code = Code();
        _providers.Google(code, "g-" + code, account.Email, emailVerified: false);

        var signedIn = await SignInAsync("GOOGLE", code);

        Assert.NotEqual(account.UserId, signedIn["user"]!["id"]!.GetValue<string>());
        Assert.EndsWith("@users.son1kvers3.invalid", signedIn["user"]!["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task Google_RejectedCode_IsOAuthCodeRejected_WithTheProvidersReason()
    {
        var code = Code();
        _providers.GoogleRejects(code);

        var result = await SignInAsync("GOOGLE", code);

        Assert.Null(result["accessToken"]);
        Assert.Equal("OAUTH_CODE_REJECTED", result["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Contains("invalid_grant", result["errors"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Google_Down_IsProviderUnavailable()
    {
        var code = Code();
        _providers.GoogleIsDown(code);

        var result = await SignInAsync("GOOGLE", code);

        Assert.Equal("OAUTH_PROVIDER_UNAVAILABLE", result["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Facebook_HappyPath_AndLinkingASecondProviderToTheSameAccount()
    {
        var email = Support.Accounts.NewEmail();
        var (facebookCode, googleCode) = (Code(), Code());
        _providers.Facebook(facebookCode, "fb-" + facebookCode, email);
        _providers.Google(googleCode, "g-" + googleCode, email);

        var viaFacebook = await SignInAsync("FACEBOOK", facebookCode);
        var viaGoogle = await SignInAsync("GOOGLE", googleCode);

        Assert.Empty(viaFacebook["errors"]!.AsArray());
        Assert.Equal(email, viaFacebook["user"]!["email"]!.GetValue<string>());
        Assert.Equal(viaFacebook["user"]!["id"]!.GetValue<string>(), viaGoogle["user"]!["id"]!.GetValue<string>());
        Assert.Equal("""["GOOGLE","FACEBOOK"]""", viaGoogle["user"]!["linkedProviders"]!.ToJsonString());
        Assert.Contains(_providers.SentRequests(), r => r.Contains("/facebook/oauth/access_token") && r.Contains("client_secret=facebook-secret"));
    }

    [Fact]
    public async Task Facebook_RejectedCode_SaysWhy()
    {
        var code = Code();
        _providers.FacebookRejects(code);

        var result = await SignInAsync("FACEBOOK", code);

        Assert.Equal("OAUTH_CODE_REJECTED", result["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Contains("has expired", result["errors"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task TikTok_HappyPath_CreatesAUserWithoutEmail_KnownByOpenId()
    {
        var (first, second) = (Code(), Code());
        _providers.TikTok(first, "open-" + first);
        _providers.TikTok(second, "open-" + first);

        var created = await SignInAsync("TIKTOK", first);
        var again = await SignInAsync("TIKTOK", second);

        Assert.Empty(created["errors"]!.AsArray());
        Assert.Equal($"tiktok-open-{first}@users.son1kvers3.invalid", created["user"]!["email"]!.GetValue<string>());
        Assert.Equal("""["TIKTOK"]""", created["user"]!["linkedProviders"]!.ToJsonString());
        Assert.Equal(created["user"]!["id"]!.GetValue<string>(), again["user"]!["id"]!.GetValue<string>());
        Assert.Contains(_providers.SentRequests(), r => r.Contains("/tiktok/oauth/token/") && r.Contains("client_key=tiktok-key"));
    }

    [Fact]
    public async Task TikTok_ErrorInA200Answer_IsOAuthCodeRejected()
    {
        var code = Code();
        _providers.TikTokRejects(code);

        var result = await SignInAsync("TIKTOK", code);

        Assert.Equal("OAUTH_CODE_REJECTED", result["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Contains("Authorization code is expired", result["errors"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task AProviderWithoutCredentials_IsProviderNotConfigured()
    {
        var result = await SignInAsync("FACEBOOK", Code(), client: _api.CreateClient());

        Assert.Equal("PROVIDER_NOT_CONFIGURED", result["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Contains("FACEBOOK", result["errors"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task AMalformedCodeVerifier_IsValidation_NamingIt()
    {
        var result = await SignInAsync("GOOGLE", Code(), codeVerifier: "short");

        Assert.Equal("VALIDATION", result["errors"]![0]!["code"]!.GetValue<string>());
        Assert.StartsWith("codeVerifier", result["errors"]![0]!["message"]!.GetValue<string>());
    }
}
