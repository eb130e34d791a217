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

    private const string LinkedFields = "user { id email } linkedProviders errors { code message }";

    private async Task<JsonNode> LinkAsync(string accessToken, string provider, string code)
    {
        var response = await _client.PostAsAsync(accessToken, $"mutation($input: LinkOAuthProviderInput!) {{ linkOAuthProvider(input: $input) {{ {LinkedFields} }} }}",
            new { input = new { provider, code, redirectUri = "https://app.son1kvers3.test/auth/callback" } });
        Assert.True(response.Data is not null, response.Body?.ToJsonString());
        return response.Data!["linkOAuthProvider"]!;
    }

    private async Task<JsonNode> UnlinkAsync(string accessToken, string provider)
    {
        var response = await _client.PostAsAsync(accessToken, $"mutation($input: UnlinkOAuthProviderInput!) {{ unlinkOAuthProvider(input: $input) {{ {LinkedFields} }} }}",
            new { input = new { provider } });
        Assert.True(response.Data is not null, response.Body?.ToJsonString());
        return response.Data!["unlinkOAuthProvider"]!;
    }

    private static void AssertError(JsonNode payload, string code, string? messageContains = null)
    {
        Assert.Equal(code, payload["errors"]![0]!["code"]!.GetValue<string>());
        if (messageContains is not null)
        {
            Assert.Contains(messageContains, payload["errors"]![0]!["message"]!.GetValue<string>());
        }
    }

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
    public async Task Google_EmailOfAnAccountRegisteredWithAPassword_IsAccountExists_AndLinksNothingToTheSquatter()
    {
        var squatter = await _client.RegisterAsync(); // anyone may register any address: it proves nothing
        var code = Code();
        _providers.Google(code, "g-" + code, squatter.Email.ToUpperInvariant());

        var signedIn = await SignInAsync("GOOGLE", code);

        Assert.Null(signedIn["accessToken"]);
        AssertError(signedIn, "ACCOUNT_EXISTS", "Sign in to that account");
        Assert.Contains("linkOAuthProvider", signedIn["errors"]![0]!["message"]!.GetValue<string>());
        var squattersView = await _client.PostAsAsync(squatter.AccessToken, "{ me { linkedProviders } }");
        Assert.Equal("[]", squattersView.Data!["me"]!["linkedProviders"]!.ToJsonString());
    }

    [Fact]
    public async Task SignedInUser_LinksGoogle_ThenGoogleSignsInToThatAccount_AndThePasswordStillWorks()
    {
        var account = await _client.RegisterAsync();
        var (linkCode, signInCode) = (Code(), Code());
        _providers.Google(linkCode, "g-" + linkCode, Support.Accounts.NewEmail());
        _providers.Google(signInCode, "g-" + linkCode, Support.Accounts.NewEmail());

        var linked = await LinkAsync(account.AccessToken, "GOOGLE", linkCode);
        var signedIn = await SignInAsync("GOOGLE", signInCode);

        Assert.Empty(linked["errors"]!.AsArray());
        Assert.Equal("""["GOOGLE"]""", linked["linkedProviders"]!.ToJsonString());
        Assert.Equal(account.UserId, signedIn["user"]!["id"]!.GetValue<string>());
        await _client.LoginAsync(account.Email, "correct horse battery");
    }

    [Fact]
    public async Task Google_VerifiedEmailOfAnAccountVerifiedBefore_LinksToThatAccount()
    {
        var account = await _client.RegisterAsync();
        var (first, second) = (Code(), Code());
        _providers.Google(first, "g-" + first, account.Email); // verifies the account's address when linked
        _providers.Google(second, "g-" + second, account.Email);
        var unverified = await _client.PostAsAsync(account.AccessToken, "{ me { emailVerified } }");
        Assert.Empty((await LinkAsync(account.AccessToken, "GOOGLE", first))["errors"]!.AsArray());
        Assert.Empty((await UnlinkAsync(account.AccessToken, "GOOGLE"))["errors"]!.AsArray());
        var verified = await _client.PostAsAsync(account.AccessToken, "{ me { emailVerified } }");
        Assert.False(unverified.Data!["me"]!["emailVerified"]!.GetValue<bool>());
        Assert.True(verified.Data!["me"]!["emailVerified"]!.GetValue<bool>());

        var signedIn = await SignInAsync("GOOGLE", second);

        Assert.Empty(signedIn["errors"]!.AsArray());
        Assert.Equal(account.UserId, signedIn["user"]!["id"]!.GetValue<string>());
        Assert.Equal("""["GOOGLE"]""", signedIn["user"]!["linkedProviders"]!.ToJsonString());
    }

    [Fact]
    public async Task Google_SecondGoogleAccountWithTheEmailOfAnAccountLinkedToAnother_IsAccountExists()
    {
        var email = Support.Accounts.NewEmail();
        var (first, second) = (Code(), Code());
        _providers.Google(first, "g-" + first, email);
        _providers.Google(second, "g-" + second, email);
        var created = await SignInAsync("GOOGLE", first);

        var other = await SignInAsync("GOOGLE", second);

        Assert.Empty(created["errors"]!.AsArray());
        Assert.Null(other["accessToken"]);
        AssertError(other, "ACCOUNT_EXISTS", "already linked to another GOOGLE account");
    }

    [Fact]
    public async Task Facebook_EmailIsNeverTrusted_ToLinkAVerifiedAccount()
    {
        var email = Support.Accounts.NewEmail();
        var (googleCode, facebookCode) = (Code(), Code());
        _providers.Google(googleCode, "g-" + googleCode, email);
        _providers.Facebook(facebookCode, "fb-" + facebookCode, email);
        Assert.Empty((await SignInAsync("GOOGLE", googleCode))["errors"]!.AsArray()); // a verified account

        var viaFacebook = await SignInAsync("FACEBOOK", facebookCode);

        Assert.Null(viaFacebook["accessToken"]);
        AssertError(viaFacebook, "ACCOUNT_EXISTS");
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
    public async Task Facebook_HappyPath_ThenGoogleIsLinkedBySigningIn_AndLinkingIt()
    {
        var email = Support.Accounts.NewEmail();
        var (facebookCode, googleCode, linkCode, laterCode) = (Code(), Code(), Code(), Code());
        _providers.Facebook(facebookCode, "fb-" + facebookCode, email);
        _providers.Google(googleCode, "g-" + googleCode, email);
        _providers.Google(linkCode, "g-" + googleCode, email);
        _providers.Google(laterCode, "g-" + googleCode, email);

        var viaFacebook = await SignInAsync("FACEBOOK", facebookCode);
        var viaGoogle = await SignInAsync("GOOGLE", googleCode); // Facebook proved nothing about the address
        var linked = await LinkAsync(viaFacebook["accessToken"]!.GetValue<string>(), "GOOGLE", linkCode);
        var later = await SignInAsync("GOOGLE", laterCode);

        Assert.Empty(viaFacebook["errors"]!.AsArray());
        Assert.Equal(email, viaFacebook["user"]!["email"]!.GetValue<string>());
        AssertError(viaGoogle, "ACCOUNT_EXISTS", "then link GOOGLE");
        Assert.Empty(linked["errors"]!.AsArray());
        Assert.Equal("""["GOOGLE","FACEBOOK"]""", linked["linkedProviders"]!.ToJsonString());
        Assert.Equal(viaFacebook["user"]!["id"]!.GetValue<string>(), later["user"]!["id"]!.GetValue<string>());
        Assert.Contains(_providers.SentRequests(), r => r.Contains("/facebook/oauth/access_token") && r.Contains("client_secret=facebook-secret"));
    }

    [Fact]
    public async Task Link_AProviderAccountLinkedToAnotherUser_IsProviderAlreadyLinked()
    {
        var (owner, other) = (Code(), Code());
        _providers.TikTok(owner, "open-" + owner);
        _providers.TikTok(other, "open-" + owner);
        Assert.Empty((await SignInAsync("TIKTOK", owner))["errors"]!.AsArray());
        var someoneElse = await _client.RegisterAsync();

        var linked = await LinkAsync(someoneElse.AccessToken, "TIKTOK", other);

        Assert.Null(linked["user"]);
        AssertError(linked, "PROVIDER_ALREADY_LINKED", "another Son1kVers3 account");
    }

    [Fact]
    public async Task Link_WhenAnonymous_IsUnauthenticated()
    {
        var response = await _client.PostAsync(
            "mutation { linkOAuthProvider(input: { provider: GOOGLE, code: \"x\", redirectUri: \"https://app.son1kvers3.test/cb\" }) { errors { code } } }");

        Assert.Equal("UNAUTHENTICATED", response.FirstErrorCode);
    }

    [Fact]
    public async Task Unlink_TheOnlyWayToSignIn_IsRefused_ButWithAPasswordOrAnotherProviderItIsAllowed()
    {
        var (tiktokCode, googleCode) = (Code(), Code());
        _providers.TikTok(tiktokCode, "open-" + tiktokCode);
        _providers.Google(googleCode, "g-" + googleCode, Support.Accounts.NewEmail());
        var tiktokOnly = (await SignInAsync("TIKTOK", tiktokCode))["accessToken"]!.GetValue<string>();
        var password = await _client.RegisterAsync();

        var refused = await UnlinkAsync(tiktokOnly, "TIKTOK");
        Assert.Empty((await LinkAsync(tiktokOnly, "GOOGLE", googleCode))["errors"]!.AsArray());
        var withAnother = await UnlinkAsync(tiktokOnly, "TIKTOK");
        var notLinked = await UnlinkAsync(password.AccessToken, "GOOGLE");

        AssertError(refused, "LAST_SIGN_IN_METHOD", "only way to sign in");
        Assert.Empty(withAnother["errors"]!.AsArray());
        Assert.Equal("""["GOOGLE"]""", withAnother["linkedProviders"]!.ToJsonString());
        AssertError(notLinked, "PROVIDER_NOT_LINKED");
    }

    [Fact]
    public async Task AProviderDisplayNameOver200Characters_IsCutToFit_AndTheSignInSucceeds()
    {
        var code = Code();
        _providers.Google(code, "g-" + code, Support.Accounts.NewEmail(), name: new string('n', 99) + "\U0001F3B5" + new string('x', 200));

        var signedIn = await SignInAsync("GOOGLE", code);

        Assert.Empty(signedIn["errors"]!.AsArray());
        var me = await _client.PostAsAsync(signedIn["accessToken"]!.GetValue<string>(), "{ me { displayName } }");
        Assert.Equal(new string('n', 99), me.Data!["me"]!["displayName"]!.GetValue<string>());
    }

    [Fact]
    public async Task AProviderDisplayNameWithControlCharacters_IsStoredWithoutThem()
    {
        var code = Code();
        _providers.Google(code, "g-" + code, Support.Accounts.NewEmail(), name: "Gi\u0000na\u0007 Google");

        var signedIn = await SignInAsync("GOOGLE", code);

        Assert.Empty(signedIn["errors"]!.AsArray());
        var me = await _client.PostAsAsync(signedIn["accessToken"]!.GetValue<string>(), "{ me { displayName } }");
        Assert.Equal("Gina Google", me.Data!["me"]!["displayName"]!.GetValue<string>());
    }

    [Fact]
    public async Task TikTok_PlaceholderAddress_CannotBeRegisteredFirst_SoTheTikTokSignInStillWorks()
    {
        var code = Code();
        _providers.TikTok(code, "open-" + code);
        var squat = await _client.PostAsync(
            "mutation($e: String!) { register(input: { email: $e, password: \"long enough pass\" }) { accessToken errors { code } } }",
            new { e = $"tiktok-open-{code}@users.son1kvers3.invalid" });

        var signedIn = await SignInAsync("TIKTOK", code);

        Assert.Equal("VALIDATION", squat.Data!["register"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Empty(signedIn["errors"]!.AsArray());
        Assert.Equal($"tiktok-open-{code}@users.son1kvers3.invalid", signedIn["user"]!["email"]!.GetValue<string>());
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

    [Fact]
    public async Task Google_NewPerson_GetsTheLocaleOfTheirAcceptLanguage_ElseSpanish()
    {
        var (english, unknown) = (Code(), Code());
        _providers.Google(english, "g-" + english, Support.Accounts.NewEmail());
        _providers.Google(unknown, "g-" + unknown, Support.Accounts.NewEmail());

        _client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-GB,en;q=0.9");
        var inEnglish = await SignInAsync("GOOGLE", english);
        _client.DefaultRequestHeaders.AcceptLanguage.Clear();
        _client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de-DE");
        var inGerman = await SignInAsync("GOOGLE", unknown);

        Assert.Equal("en", await LocaleOfAsync(inEnglish));
        Assert.Equal("es", await LocaleOfAsync(inGerman));
    }

    [Fact]
    public async Task Google_SignInOfASuspendedUser_IsAccountSuspended()
    {
        var (first, second) = (Code(), Code());
        _providers.Google(first, "g-" + first, Support.Accounts.NewEmail());
        _providers.Google(second, "g-" + first, Support.Accounts.NewEmail());
        var created = await SignInAsync("GOOGLE", first);
        var admin = await _client.LoginAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword);
        var suspended = await _client.PostAsAsync(admin.AccessToken, "mutation($id: ID!) { suspendUser(input: { userId: $id, reason: \"abuse\" }) { errors { code } } }",
            new { id = created["user"]!["id"]!.GetValue<string>() });
        Assert.Empty(suspended.Data!["suspendUser"]!["errors"]!.AsArray());

        var again = await SignInAsync("GOOGLE", second);

        AssertError(again, "ACCOUNT_SUSPENDED");
        Assert.Null(again["accessToken"]?.GetValue<string>());
    }

    private async Task<string> LocaleOfAsync(JsonNode signedIn)
    {
        Assert.Empty(signedIn["errors"]!.AsArray());
        var me = await _client.PostAsAsync(signedIn["accessToken"]!.GetValue<string>(), "{ me { locale } }");
        return me.Data!["me"]!["locale"]!.GetValue<string>();
    }
}
