using System.Diagnostics;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Email;

[Collection(ApiCollection.Name)]
public class PasswordResetTests(ApiFactory api)
{
    private const string RequestReset = "mutation($e: String!) { requestPasswordReset(input: { email: $e }) { ok errors { code message } } }";
    private const string Reset = "mutation($t: String!, $p: String!) { resetPassword(input: { token: $t, newPassword: $p }) { ok errors { code message ... on MutationError { field } } } }";
    private const string Refresh = "mutation($t: String!) { refreshToken(input: { refreshToken: $t }) { accessToken errors { code } } }";
    private const string NewPassword = "a brand new passphrase";

    [Fact]
    public async Task ForgotPassword_MailsALink_ThatSetsANewPasswordOnce_AndEndsEverySession()
    {
        await using var mail = await MailCatcher.StartAsync();
        await using var server = api.With(mail.Settings);
        var client = server.CreateClient();
        var first = await client.RegisterAsync();
        var second = await client.LoginAsync(first.Email, "correct horse battery");

        await client.PostAsync(RequestReset, new { e = first.Email });
        var message = await WaitForResetMailAsync(mail, first.Email);
        var token = MailLinks.TokenOf(message, "reset-password");
        var reset = await client.PostAsync(Reset, new { t = token, p = NewPassword });
        var again = await client.PostAsync(Reset, new { t = token, p = "yet another passphrase" });

        Assert.True(reset.Data!["resetPassword"]!["ok"]!.GetValue<bool>());
        Assert.Equal("INVALID_TOKEN", again.Data!["resetPassword"]!["errors"]![0]!["code"]!.GetValue<string>());
        var oldPassword = await client.PostAsync("mutation($e: String!) { login(input: { email: $e, password: \"correct horse battery\" }) { errors { code } } }", new { e = first.Email });
        Assert.Equal("INVALID_CREDENTIALS", oldPassword.Data!["login"]!["errors"]![0]!["code"]!.GetValue<string>());
        await client.LoginAsync(first.Email, NewPassword);
        foreach (var session in new[] { first, second })
        {
            var refreshed = await client.PostAsync(Refresh, new { t = session.RefreshToken });
            Assert.Equal("INVALID_REFRESH_TOKEN", refreshed.Data!["refreshToken"]!["errors"]![0]!["code"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task ANewResetRequest_VoidsTheOlderLink()
    {
        await using var mail = await MailCatcher.StartAsync();
        await using var server = api.With(mail.Settings);
        var client = server.CreateClient();
        var account = await client.RegisterAsync();

        await client.PostAsync(RequestReset, new { e = account.Email });
        var older = MailLinks.TokenOf(await WaitForResetMailAsync(mail, account.Email), "reset-password");
        await client.PostAsync(RequestReset, new { e = account.Email });
        var newer = MailLinks.TokenOf(await WaitForResetMailAsync(mail, account.Email, count: 2), "reset-password");

        var withOlder = await client.PostAsync(Reset, new { t = older, p = NewPassword });
        var withNewer = await client.PostAsync(Reset, new { t = newer, p = NewPassword });

        Assert.Equal("INVALID_TOKEN", withOlder.Data!["resetPassword"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.True(withNewer.Data!["resetPassword"]!["ok"]!.GetValue<bool>());
    }

    [Fact]
    public async Task RequestPasswordReset_AnswersTheSame_ForUnknownAddresses_WithMediansWithin50Milliseconds()
    {
        await using var mail = await MailCatcher.StartAsync();
        await using var server = api.With(mail.Settings);
        var client = server.CreateClient();
        var account = await client.RegisterAsync();
        await client.PostAsync(RequestReset, new { e = account.Email }); // warm-up of both paths
        await client.PostAsync(RequestReset, new { e = Support.Accounts.NewEmail() });

        var known = new List<double>();
        var unknown = new List<double>();
        string? knownBody = null, unknownBody = null;
        for (var i = 0; i < 15; i++)
        {
            var watch = Stopwatch.StartNew();
            knownBody = (await client.PostAsync(RequestReset, new { e = account.Email })).Body!.ToJsonString();
            known.Add(watch.Elapsed.TotalMilliseconds);
            var nobody = Support.Accounts.NewEmail();
            watch.Restart();
            unknownBody = (await client.PostAsync(RequestReset, new { e = nobody })).Body!.ToJsonString();
            unknown.Add(watch.Elapsed.TotalMilliseconds);
        }

        Assert.Equal(knownBody, unknownBody);
        Assert.Equal("""{"data":{"requestPasswordReset":{"ok":true,"errors":[]}}}""", knownBody);
        var difference = Math.Abs(Median(known) - Median(unknown));
        Assert.True(difference < 50, $"medians differ by {difference:0.0} ms (known {Median(known):0.0}, unknown {Median(unknown):0.0})");
    }

    [Theory]
    [InlineData("short")]
    [InlineData("password123")]
    public async Task ResetPassword_WithABadNewPassword_IsValidation_AndKeepsTheLink(string password)
    {
        await using var mail = await MailCatcher.StartAsync();
        await using var server = api.With(mail.Settings);
        var client = server.CreateClient();
        var account = await client.RegisterAsync();
        await client.PostAsync(RequestReset, new { e = account.Email });
        var token = MailLinks.TokenOf(await WaitForResetMailAsync(mail, account.Email), "reset-password");

        var bad = await client.PostAsync(Reset, new { t = token, p = password });
        var good = await client.PostAsync(Reset, new { t = token, p = NewPassword });

        Assert.Equal("newPassword", bad.Data!["resetPassword"]!["errors"]![0]!["field"]!.GetValue<string>());
        Assert.True(good.Data!["resetPassword"]!["ok"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ResetPassword_WithAGarbageToken_IsInvalidToken()
    {
        var response = await api.CreateClient().PostAsync(Reset, new { t = "not-a-token", p = NewPassword });

        Assert.Equal("INVALID_TOKEN", response.Data!["resetPassword"]!["errors"]![0]!["code"]!.GetValue<string>());
    }

    private static async Task<MimeKit.MimeMessage> WaitForResetMailAsync(MailCatcher mail, string to, int count = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var resets = mail.To(to).Where(m => m.TextBody?.Contains("/reset-password?", StringComparison.Ordinal) == true).ToList();
            if (resets.Count >= count)
            {
                return resets[count - 1];
            }

            Assert.True(DateTime.UtcNow < deadline, "the reset mail did not arrive");
            await Task.Delay(100);
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
