using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Son1kVers3.Infrastructure.Auth;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Accounts;

/// <summary>
/// me is served from per-instance caches (validated access tokens, users' rows, usage): a change
/// shows at once on the instance that made it and within moments on another one, and every
/// refusal (ended session, expired token) holds as before.
/// </summary>
[Collection(ApiCollection.Name)]
public class MeCacheTests(ApiFactory api)
{
    private const string Me = "{ me { tier displayName usage { generations { used } } } }";
    private const string SetTier = "mutation($id: ID!, $t: Tier!) { setUserTier(input: { userId: $id, tier: $t }) { errors { code } } }";
    private const string UpdateProfile = "mutation($n: String!) { updateProfile(input: { displayName: $n }) { errors { code } } }";
    private const string MySessions = "{ me { sessions { id current } } }";
    private const string Revoke = "mutation($id: ID!) { revokeSession(input: { sessionId: $id }) { ok errors { code } } }";
    private const string Delete = "mutation($input: DeleteAccountInput!) { deleteAccount(input: $input) { ok errors { code message } } }";

    [Fact]
    public async Task ATierChangeAProfileChangeAndAGeneration_ShowInMe_AtOnceOnTheInstanceThatMadeThem_AndWithinMomentsOnAnotherThatHadMeCached()
    {
        var a = api.CreateClient();
        await using var otherInstance = api.With(("PASSWORD_HASH_ITERATIONS", "1000"));
        var b = otherInstance.CreateClient();
        var admin = await a.LoginAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword);
        var user = await a.RegisterAsync();
        Assert.Equal("""{"tier":"FREE","displayName":"Test","usage":{"generations":{"used":0}}}""", await MeOnAsync(a, user.AccessToken));
        Assert.Equal("""{"tier":"FREE","displayName":"Test","usage":{"generations":{"used":0}}}""", await MeOnAsync(b, user.AccessToken));

        Assert.Empty((await a.PostAsAsync(admin.AccessToken, SetTier, new { id = user.UserId, t = "PRO" })).Data!["setUserTier"]!["errors"]!.AsArray());
        Assert.Equal("""{"tier":"PRO","displayName":"Test","usage":{"generations":{"used":0}}}""", await MeOnAsync(a, user.AccessToken));
        await ShowsWithinMomentsAsync(b, user.AccessToken, """{"tier":"PRO","displayName":"Test","usage":{"generations":{"used":0}}}""");

        Assert.Empty((await a.PostAsAsync(user.AccessToken, UpdateProfile, new { n = "Renamed" })).Data!["updateProfile"]!["errors"]!.AsArray());
        Assert.Equal("""{"tier":"PRO","displayName":"Renamed","usage":{"generations":{"used":0}}}""", await MeOnAsync(a, user.AccessToken));
        await ShowsWithinMomentsAsync(b, user.AccessToken, """{"tier":"PRO","displayName":"Renamed","usage":{"generations":{"used":0}}}""");

        await a.CreateOkAsync(user.AccessToken, new { model = "V5", prompt = "me on another instance" });
        Assert.Equal("""{"tier":"PRO","displayName":"Renamed","usage":{"generations":{"used":1}}}""", await MeOnAsync(a, user.AccessToken));
        await ShowsWithinMomentsAsync(b, user.AccessToken, """{"tier":"PRO","displayName":"Renamed","usage":{"generations":{"used":1}}}""");
    }

    [Fact]
    public async Task ADeletedAccountsToken_IsRefused_AtOnceOnItsInstance_AndWithinMomentsOnAnotherThatHadMeCached()
    {
        var a = api.CreateClient();
        await using var otherInstance = api.With(("PASSWORD_HASH_ITERATIONS", "1000"));
        var b = otherInstance.CreateClient();
        var user = await a.RegisterAsync();
        Assert.Equal(HttpStatusCode.OK, (await b.PostAsAsync(user.AccessToken, Me)).Status);

        var deleted = await a.PostAsAsync(user.AccessToken, Delete, new { input = new { password = "correct horse battery" } });
        Assert.True(deleted.Data!["deleteAccount"]!["ok"]!.GetValue<bool>(), deleted.Body?.ToJsonString());

        Assert.Equal(HttpStatusCode.Unauthorized, (await a.PostAsAsync(user.AccessToken, Me)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, await Eventually.ReadAsync(async () => (await b.PostAsAsync(user.AccessToken, Me)).Status, HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task ARevokedSessionsToken_IsRefused_AtOnceOnItsInstance_AndWithinMomentsOnAnotherThatHadItCached()
    {
        var a = api.CreateClient();
        await using var otherInstance = api.With(("PASSWORD_HASH_ITERATIONS", "1000"));
        var b = otherInstance.CreateClient();
        var here = await a.RegisterAsync();
        var elsewhere = await a.LoginAsync(here.Email, "correct horse battery");
        Assert.Equal(HttpStatusCode.OK, (await a.PostAsAsync(elsewhere.AccessToken, Me)).Status);
        Assert.Equal(HttpStatusCode.OK, (await b.PostAsAsync(elsewhere.AccessToken, Me)).Status);
        var other = (await a.PostAsAsync(here.AccessToken, MySessions)).Data!["me"]!["sessions"]!.AsArray()
            .Single(s => !s!["current"]!.GetValue<bool>())!["id"]!.GetValue<string>();

        Assert.True((await a.PostAsAsync(here.AccessToken, Revoke, new { id = other })).Data!["revokeSession"]!["ok"]!.GetValue<bool>());

        Assert.Equal(HttpStatusCode.Unauthorized, (await a.PostAsAsync(elsewhere.AccessToken, Me)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, await Eventually.ReadAsync(async () => (await b.PostAsAsync(elsewhere.AccessToken, Me)).Status, HttpStatusCode.Unauthorized));
        Assert.Equal(HttpStatusCode.OK, (await b.PostAsAsync(here.AccessToken, Me)).Status);
    }

    [Fact]
    public async Task ATokenPastItsExpiry_IsRefused_EvenAfterItWasAcceptedAndRemembered()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var server = api.WithClock(clock);
        var client = server.CreateClient();
        var user = await client.RegisterAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsAsync(user.AccessToken, Me)).Status);
        clock.Advance(JwtSettings.AccessTokenLifetime - TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsAsync(user.AccessToken, Me)).Status);

        clock.Advance(TimeSpan.FromMinutes(2)); // past the expiry and the 30 s clock skew

        var refused = await client.PostAsAsync(user.AccessToken, Me);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal("UNAUTHENTICATED", refused.FirstErrorCode);
    }

    [Fact]
    public async Task TheValidatedTokenCache_StaysBounded_WhenMoreDistinctValidTokensThanItsBoundArePresented()
    {
        var handler = api.Services.GetRequiredService<CachingTokenHandler>();
        var parameters = api.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme).TokenValidationParameters;
        var signing = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(api.Settings["JWT_SECRET"]!)), SecurityAlgorithms.HmacSha256);
        var issuer = new JsonWebTokenHandler();
        var largest = 0;
        for (var i = 0; i <= CachingTokenHandler.MaxEntries + 10; i++)
        {
            var token = issuer.CreateToken(new SecurityTokenDescriptor
            {
                Issuer = parameters.ValidIssuer,
                Audience = parameters.ValidAudience,
                Expires = DateTime.UtcNow.AddMinutes(5),
                Subject = new ClaimsIdentity([new Claim("sub", Guid.NewGuid().ToString())]),
                SigningCredentials = signing,
            });
            Assert.True((await handler.ValidateTokenAsync(token, parameters)).IsValid);
            largest = Math.Max(largest, handler.Count);
        }

        Assert.True(largest >= 100, $"tokens were not remembered ({largest})");
        Assert.InRange(largest, 1, CachingTokenHandler.MaxEntries);
    }

    private static async Task ShowsWithinMomentsAsync(HttpClient instance, string token, string expected) =>
        Assert.Equal(expected, await Eventually.ReadAsync(() => MeOnAsync(instance, token), expected));

    private static async Task<string> MeOnAsync(HttpClient instance, string token)
    {
        var answer = await instance.PostAsAsync(token, Me);
        return (answer.Data?["me"] ?? answer.Body)!.ToJsonString();
    }
}
