using System.Net;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Email;

[Collection(ApiCollection.Name)]
public class AccountChangeTests(ApiFactory api)
{
    private const string Password = "correct horse battery";
    private const string ChangePassword = "mutation($c: String!, $n: String!) { changePassword(input: { currentPassword: $c, newPassword: $n }) { ok errors { code } } }";
    private const string ChangeEmail = "mutation($e: String!, $p: String!) { changeEmail(input: { newEmail: $e, currentPassword: $p }) { ok errors { code message } } }";
    private const string Verify = "mutation($t: String!) { verifyEmail(input: { token: $t }) { user { email emailVerified } errors { code } } }";
    private const string Refresh = "mutation($t: String!) { refreshToken(input: { refreshToken: $t }) { accessToken errors { code } } }";

    [Fact]
    public async Task ChangePassword_KeepsThisSessionsRefreshToken_EndsTheOthers_AndVoidsEveryOlderAccessToken()
    {
        var client = api.CreateClient();
        var here = await client.RegisterAsync();
        var elsewhere = await client.LoginAsync(here.Email, Password);

        var changed = await client.PostAsAsync(here.AccessToken, ChangePassword, new { c = Password, n = "a brand new passphrase" });
        var oldAccess = await client.PostAsAsync(here.AccessToken, "{ me { id } }");
        var hereRefreshed = await client.PostAsync(Refresh, new { t = here.RefreshToken });
        var elsewhereRefreshed = await client.PostAsync(Refresh, new { t = elsewhere.RefreshToken });

        Assert.True(changed.Data!["changePassword"]!["ok"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Unauthorized, oldAccess.Status);
        Assert.Equal("UNAUTHENTICATED", oldAccess.FirstErrorCode);
        var newAccess = hereRefreshed.Data!["refreshToken"]!["accessToken"]!.GetValue<string>();
        Assert.NotNull((await client.PostAsAsync(newAccess, "{ me { id } }")).Data!["me"]);
        Assert.Equal("INVALID_REFRESH_TOKEN", elsewhereRefreshed.Data!["refreshToken"]!["errors"]![0]!["code"]!.GetValue<string>());
        await client.LoginAsync(here.Email, "a brand new passphrase");
    }

    [Fact]
    public async Task ChangePassword_WithAWrongCurrentPassword_IsInvalidCredentials_AndChangesNothing()
    {
        var client = api.CreateClient();
        var account = await client.RegisterAsync();

        var refused = await client.PostAsAsync(account.AccessToken, ChangePassword, new { c = "not my password", n = "a brand new passphrase" });

        Assert.Equal("INVALID_CREDENTIALS", refused.Data!["changePassword"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.NotNull((await client.PostAsAsync(account.AccessToken, "{ me { id } }")).Data!["me"]);
        await client.LoginAsync(account.Email, Password);
    }

    [Fact]
    public async Task ChangeEmail_MailsTheNewAddress_SwitchesWhenVerifiedThere_AndTellsTheOldOne()
    {
        await using var mail = await MailCatcher.StartAsync();
        await using var server = api.With(mail.Settings);
        var client = server.CreateClient();
        var account = await client.RegisterAsync();
        var newEmail = Support.Accounts.NewEmail();

        var asked = await client.PostAsAsync(account.AccessToken, ChangeEmail, new { e = newEmail, p = Password });
        var stillOld = await client.PostAsAsync(account.AccessToken, "{ me { email } }");
        var verified = await client.PostAsync(Verify, new { t = MailLinks.TokenOf(await mail.WaitForAsync(newEmail), "verify-email") });

        Assert.True(asked.Data!["changeEmail"]!["ok"]!.GetValue<bool>());
        Assert.Equal(account.Email, stillOld.Data!["me"]!["email"]!.GetValue<string>());
        Assert.Equal(newEmail, verified.Data!["verifyEmail"]!["user"]!["email"]!.GetValue<string>());
        Assert.True(verified.Data!["verifyEmail"]!["user"]!["emailVerified"]!.GetValue<bool>());
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!mail.To(account.Email).Any(m => m.Subject == "Tu correo electrónico cambió"))
        {
            Assert.True(DateTime.UtcNow < deadline, "the old address got no notice");
            await Task.Delay(100);
        }

        Assert.Contains(newEmail, mail.To(account.Email).First(m => m.Subject == "Tu correo electrónico cambió").TextBody);
        await client.LoginAsync(newEmail, Password);
    }

    [Fact]
    public async Task ChangeEmail_ToATakenAddress_IsEmailTaken_AtTheRequest_AndAgainAtTheSwitch()
    {
        await using var mail = await MailCatcher.StartAsync();
        await using var server = api.With(mail.Settings);
        var client = server.CreateClient();
        var account = await client.RegisterAsync();
        var other = await client.RegisterAsync();
        var contested = Support.Accounts.NewEmail();

        var taken = await client.PostAsAsync(account.AccessToken, ChangeEmail, new { e = other.Email.ToUpperInvariant(), p = Password });
        await client.PostAsAsync(account.AccessToken, ChangeEmail, new { e = contested, p = Password });
        var token = MailLinks.TokenOf(await mail.WaitForAsync(contested), "verify-email");
        await client.RegisterAsync(contested); // someone takes the address before the link is used
        var switched = await client.PostAsync(Verify, new { t = token });

        Assert.Equal("EMAIL_TAKEN", taken.Data!["changeEmail"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("EMAIL_TAKEN", switched.Data!["verifyEmail"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(account.Email, (await client.PostAsAsync(account.AccessToken, "{ me { email } }")).Data!["me"]!["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task UpdateProfile_ChangesTheNameAndLocale()
    {
        var client = api.CreateClient();
        var account = await client.RegisterAsync();

        var updated = await client.PostAsAsync(account.AccessToken,
            "mutation { updateProfile(input: { displayName: \"  Nova  \", locale: \"EN\" }) { user { displayName locale } errors { code } } }");

        Assert.Equal("Nova", updated.Data!["updateProfile"]!["user"]!["displayName"]!.GetValue<string>());
        Assert.Equal("en", updated.Data!["updateProfile"]!["user"]!["locale"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("displayName", "x", 101)]
    [InlineData("displayName", "a\u0007b", 1)]
    [InlineData("locale", "fr", 1)]
    [InlineData("locale", "e", 10_000)]
    public async Task UpdateProfile_WithHostileInput_IsValidation_NamingTheField(string field, string value, int repeat)
    {
        var client = api.CreateClient();
        var account = await client.RegisterAsync();
        var input = new Dictionary<string, string> { [field] = string.Concat(Enumerable.Repeat(value, repeat)) };

        var response = await client.PostAsAsync(account.AccessToken,
            "mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { user { id } errors { code ... on MutationError { field } } } }", new { input });

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("VALIDATION", response.Data!["updateProfile"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(field, response.Data!["updateProfile"]!["errors"]![0]!["field"]!.GetValue<string>());
    }
}
