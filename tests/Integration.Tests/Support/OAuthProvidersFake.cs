using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Son1kVers3.Integration.Tests.Support;

/// <summary>
/// WireMock fakes of Google's, Facebook's and TikTok's token and profile endpoints, answering
/// in each provider's real shapes. Each test adds the codes it uses.
/// </summary>
public sealed class OAuthProvidersFake : IDisposable
{
    public WireMockServer Server { get; } = WireMockServer.Start();

    public (string Key, string? Value)[] Settings =>
    [
        ("GOOGLE_CLIENT_ID", "google-client"), ("GOOGLE_CLIENT_SECRET", "google-secret"),
        ("GOOGLE_TOKEN_URL", $"{Server.Url}/google/token"), ("GOOGLE_PROFILE_URL", $"{Server.Url}/google/userinfo"),
        ("FACEBOOK_APP_ID", "facebook-app"), ("FACEBOOK_APP_SECRET", "facebook-secret"),
        ("FACEBOOK_TOKEN_URL", $"{Server.Url}/facebook/oauth/access_token"), ("FACEBOOK_PROFILE_URL", $"{Server.Url}/facebook/me"),
        ("TIKTOK_CLIENT_KEY", "tiktok-key"), ("TIKTOK_CLIENT_SECRET", "tiktok-secret"),
        ("TIKTOK_TOKEN_URL", $"{Server.Url}/tiktok/oauth/token/"), ("TIKTOK_PROFILE_URL", $"{Server.Url}/tiktok/user/info/"),
    ];

    public void Google(string code, string subject, string? email, bool emailVerified = true, string name = "Gina Google")
    {
        var token = "ya29." + code;
        Server.Given(Request.Create().WithPath("/google/token").UsingPost().WithBody(new WildcardMatcher($"*code={code}&*")))
            .RespondWith(Json(200, new { access_token = token, expires_in = 3599, token_type = "Bearer", scope = "openid email profile", id_token = "eyJ.x.y" }));
        Server.Given(Request.Create().WithPath("/google/userinfo").UsingGet().WithHeader("Authorization", $"Bearer {token}"))
            .RespondWith(Json(200, new { sub = subject, name, given_name = "Gina", email, email_verified = emailVerified, picture = "https://lh3.example/p.jpg" }));
    }

    public void GoogleRejects(string code) =>
        Server.Given(Request.Create().WithPath("/google/token").UsingPost().WithBody(new WildcardMatcher($"*code={code}&*")))
            .RespondWith(Json(400, new { error = "invalid_grant", error_description = "Bad Request" }));

    public void GoogleIsDown(string code) =>
        Server.Given(Request.Create().WithPath("/google/token").UsingPost().WithBody(new WildcardMatcher($"*code={code}&*")))
            .RespondWith(Response.Create().WithStatusCode(503).WithBody("Service Unavailable"));

    public void Facebook(string code, string id, string? email)
    {
        var token = "EAAB" + code;
        Server.Given(Request.Create().WithPath("/facebook/oauth/access_token").UsingGet().WithParam("code", code))
            .RespondWith(Json(200, new { access_token = token, token_type = "bearer", expires_in = 5183944 }));
        Server.Given(Request.Create().WithPath("/facebook/me").UsingGet().WithParam("access_token", token))
            .RespondWith(Json(200, email is null ? new { id, name = "Fabio Facebook" } : (object)new { id, name = "Fabio Facebook", email }));
    }

    public void FacebookRejects(string code) =>
        Server.Given(Request.Create().WithPath("/facebook/oauth/access_token").UsingGet().WithParam("code", code))
            .RespondWith(Json(400, new { error = new { message = "This authorization code has expired.", type = "OAuthException", code = 100, fbtrace_id = "AbC" } }));

    public void TikTok(string code, string openId)
    {
        var token = "act." + code;
        Server.Given(Request.Create().WithPath("/tiktok/oauth/token/").UsingPost().WithBody(new WildcardMatcher($"*code={code}&*")))
            .RespondWith(Json(200, new { access_token = token, expires_in = 86400, open_id = openId, refresh_expires_in = 31536000, refresh_token = "rft.x", scope = "user.info.basic", token_type = "Bearer" }));
        Server.Given(Request.Create().WithPath("/tiktok/user/info/").UsingGet().WithHeader("Authorization", $"Bearer {token}"))
            .RespondWith(Json(200, new { data = new { user = new { open_id = openId, union_id = "u-" + openId, display_name = "Tika Tok", avatar_url = "https://p16.example/a.jpeg" } }, error = new { code = "ok", message = "", log_id = "202611240000" } }));
    }

    public void TikTokRejects(string code) =>
        Server.Given(Request.Create().WithPath("/tiktok/oauth/token/").UsingPost().WithBody(new WildcardMatcher($"*code={code}&*")))
            .RespondWith(Json(200, new { error = "invalid_grant", error_description = "Authorization code is expired.", log_id = "202611240001" }));

    /// <summary>The token endpoint of "google", "facebook" or "tiktok" answers this code with a 503.</summary>
    public void TokenEndpointIsDown(string provider, string code) =>
        Server.Given(TokenRequest(provider, code)).RespondWith(Response.Create().WithStatusCode(503).WithBody("upstream connect error"));

    /// <summary>The token endpoint answers this code only after the delay.</summary>
    public void TokenEndpointIsSlow(string provider, string code, TimeSpan delay) =>
        Server.Given(TokenRequest(provider, code)).RespondWith(Json(200, new { access_token = AccessTokenFor(code) }).WithDelay(delay));

    /// <summary>The token endpoint refuses this code with a 400 (TikTok says so in a 200).</summary>
    public void TokenEndpointRejects(string provider, string code) =>
        Server.Given(TokenRequest(provider, code))
            .RespondWith(Json(provider == "tiktok" ? 200 : 400, new { error = "invalid_grant", error_description = "Code was already redeemed." }));

    /// <summary>The code is exchanged for <see cref="AccessTokenFor"/>, then the profile endpoint answers 503.</summary>
    public void ProfileEndpointIsDown(string provider, string code)
    {
        Server.Given(TokenRequest(provider, code)).RespondWith(Json(200, new { access_token = AccessTokenFor(code), token_type = "Bearer" }));
        var profile = provider == "facebook"
            ? Request.Create().WithPath("/facebook/me").UsingGet().WithParam("access_token", AccessTokenFor(code))
            : Request.Create().WithPath(provider == "google" ? "/google/userinfo" : "/tiktok/user/info/").UsingGet()
                .WithHeader("Authorization", "Bearer " + AccessTokenFor(code));
        Server.Given(profile).RespondWith(Response.Create().WithStatusCode(503).WithBody("Service Unavailable"));
    }

    public static string AccessTokenFor(string code) => "secret-access-token-" + code;

    private static IRequestBuilder TokenRequest(string provider, string code) => provider switch
    {
        "google" => Request.Create().WithPath("/google/token").UsingPost().WithBody(new WildcardMatcher($"*code={code}&*")),
        "facebook" => Request.Create().WithPath("/facebook/oauth/access_token").UsingGet().WithParam("code", code),
        "tiktok" => Request.Create().WithPath("/tiktok/oauth/token/").UsingPost().WithBody(new WildcardMatcher($"*code={code}&*")),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "google, facebook or tiktok"),
    };

    /// <summary>The bodies and URLs the server sent to the fake, for checking what it forwarded.</summary>
    public IEnumerable<string> SentRequests() =>
        Server.LogEntries.Select(e => $"{e.RequestMessage.Method} {e.RequestMessage.Url} {e.RequestMessage.Body}");

    public void Dispose() => Server.Stop();

    private static IResponseBuilder Json(int status, object body) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBodyAsJson(body);
}
