using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Accounts;

[Collection(ApiCollection.Name)]
public class TokenAndRoleTests(ApiFactory api)
{
    private readonly HttpClient _client = api.CreateClient();

    private static string Sign(string secret, string subject, DateTime expires, string algorithm = SecurityAlgorithms.HmacSha256) =>
        new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken(
            "son1kvers3", "son1kvers3-api", [new Claim("sub", subject)], expires.AddMinutes(-20), expires,
            new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)), algorithm)));

    [Fact]
    public async Task ExpiredToken_Is401()
    {
        var session = await _client.RegisterAsync();
        var userId = (await _client.PostAsAsync(session.AccessToken, "{ me { id } }")).Data!["me"]!["id"]!.GetValue<string>();
        var guid = Encoding.UTF8.GetString(Convert.FromBase64String(userId)).Split(':')[1];
        var expired = Sign(api.Settings["JWT_SECRET"]!, Guid.Parse(guid).ToString(), DateTime.UtcNow.AddMinutes(-5));

        var response = await _client.PostAsAsync(expired, "{ me { id } }");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("UNAUTHENTICATED", response.FirstErrorCode);
    }

    [Fact]
    public async Task TokenSignedWithAnotherKey_Is401()
    {
        var forged = Sign("an-attacker-secret-that-is-long-enough-0123456789", Guid.NewGuid().ToString(), DateTime.UtcNow.AddMinutes(10));

        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.PostAsAsync(forged, "{ me { id } }")).Status);
    }

    [Fact]
    public async Task TamperedToken_Is401()
    {
        var session = await _client.RegisterAsync();
        var parts = session.AccessToken.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("\"sub\":\"", "\"sub\":\"0");
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";

        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.PostAsAsync(tampered, "{ me { id } }")).Status);
    }

    [Fact]
    public async Task AlgNoneToken_Is401()
    {
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var exp = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        var payload = Base64UrlEncoder.Encode($$"""{"sub":"{{Guid.NewGuid()}}","iss":"son1kvers3","aud":"son1kvers3-api","exp":{{exp}}}""");

        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.PostAsAsync($"{header}.{payload}.", "{ me { id } }")).Status);
    }

    [Fact]
    public async Task AdminOnlyFields_RefuseAnonymous_WithUnauthenticated_AndAUser_WithForbidden()
    {
        var user = await _client.RegisterAsync();

        var anonymous = await _client.PostAsync("{ analytics { tokens { date } } }");
        var plainUser = await _client.PostAsAsync(user.AccessToken, "{ analytics { tokens { date } } }");

        Assert.Equal("UNAUTHENTICATED", anonymous.FirstErrorCode);
        Assert.Equal("FORBIDDEN", plainUser.FirstErrorCode);
        Assert.Contains("ADMIN_PANEL", plainUser.FirstErrorMessage);
        Assert.Null(plainUser.Data);
    }

    [Fact]
    public async Task TheSeededAdmin_ReadsAnalytics_AndSetsAUsersTier()
    {
        var admin = await _client.LoginAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword);
        var user = await _client.RegisterAsync();

        var analytics = await _client.PostAsAsync(admin.AccessToken, "{ me { role tools } analytics { tokens(date: \"2000-01-01\") { free { capacity } } } }");
        var setTier = await _client.PostAsAsync(admin.AccessToken,
            "mutation($id: ID!) { setUserTier(input: { userId: $id, tier: PREMIUM }) { user { tier tools } errors { code } } }", new { id = user.UserId });
        var me = await _client.PostAsAsync(user.AccessToken, "{ me { tier } }");

        Assert.Equal("ADMIN", analytics.Data!["me"]!["role"]!.GetValue<string>());
        Assert.Contains("ADMIN_PANEL", analytics.Data!["me"]!["tools"]!.ToJsonString());
        Assert.Equal(1000, analytics.Data!["analytics"]!["tokens"]!["free"]!["capacity"]!.GetValue<int>());
        Assert.Equal("PREMIUM", setTier.Data!["setUserTier"]!["user"]!["tier"]!.GetValue<string>());
        Assert.Equal("PREMIUM", me.Data!["me"]!["tier"]!.GetValue<string>());
    }

    [Fact]
    public async Task SetUserTier_ByAPlainUser_IsForbidden()
    {
        var user = await _client.RegisterAsync();

        var response = await _client.PostAsAsync(user.AccessToken,
            "mutation($id: ID!) { setUserTier(input: { userId: $id, tier: ENTERPRISE }) { user { tier } } }", new { id = user.UserId });

        Assert.Equal("FORBIDDEN", response.FirstErrorCode);
    }

    [Fact]
    public async Task EveryResponse_CarriesTheSecurityHeaders()
    {
        var response = await _client.PostAsync("{ plans { tier } }");

        Assert.Equal("nosniff", response.Raw.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Raw.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Raw.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("default-src 'none'", response.Raw.Headers.GetValues("Content-Security-Policy").Single());
    }
}
