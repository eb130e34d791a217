using System.Net;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Email;

/// <summary>After a password reset, access tokens issued before it stop working at once, and the user's sockets close.</summary>
[Collection(ApiCollection.Name)]
public class SecurityStampTests(ApiFactory api)
{
    private const string Me = "{ me { id } }";

    [Fact]
    public async Task AfterAReset_AnOlderAccessToken_IsUnauthenticated_AtOnce_WhileANewSignInWorks()
    {
        await using var mail = await MailCatcher.StartAsync();
        await using var server = api.With(mail.Settings);
        var client = server.CreateClient();
        var account = await client.RegisterAsync();
        Assert.NotNull((await client.PostAsAsync(account.AccessToken, Me)).Data!["me"]); // cached as current

        await ResetAsync(client, mail, account.Email);
        var old = await client.PostAsAsync(account.AccessToken, Me);
        var fresh = await client.LoginAsync(account.Email, "a brand new passphrase");

        Assert.Equal(HttpStatusCode.Unauthorized, old.Status);
        Assert.Equal("UNAUTHENTICATED", old.FirstErrorCode);
        Assert.NotNull((await client.PostAsAsync(fresh.AccessToken, Me)).Data!["me"]);
    }

    [Fact]
    public async Task AfterAReset_TheUsersOpenSocket_ClosesWith4403_AndItsTokenCannotOpenAnother()
    {
        await using var mail = await MailCatcher.StartAsync();
        await using var server = api.With(mail.Settings);
        var client = server.CreateClient();
        var account = await client.RegisterAsync();
        var other = await client.RegisterAsync();
        await using var ws = await WsClient.InitAsync(server, account.AccessToken);
        await using var bystander = await WsClient.InitAsync(server, other.AccessToken);

        await ResetAsync(client, mail, account.Email);

        Assert.Equal(4403, await ws.ClosedWithAsync(10_000));
        Assert.Contains("session was ended", ws.CloseReason);
        await using var again = await WsClient.ConnectAsync(server);
        await again.SendAsync(new { type = "connection_init", payload = new { authorization = $"Bearer {account.AccessToken}" } });
        Assert.Equal(4403, await again.ClosedWithAsync(10_000));
        await bystander.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await bystander.ReceiveAsync())!["type"]!.GetValue<string>());
    }

    private static async Task ResetAsync(HttpClient client, MailCatcher mail, string email)
    {
        await client.PostAsync("mutation($e: String!) { requestPasswordReset(input: { email: $e }) { ok } }", new { e = email });
        var deadline = DateTime.UtcNow.AddSeconds(15);
        MimeKit.MimeMessage? message;
        while ((message = mail.To(email).FirstOrDefault(m => m.TextBody?.Contains("/reset-password?", StringComparison.Ordinal) == true)) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the reset mail did not arrive");
            await Task.Delay(100);
        }

        var reset = await client.PostAsync(
            "mutation($t: String!) { resetPassword(input: { token: $t, newPassword: \"a brand new passphrase\" }) { ok errors { code } } }",
            new { t = MailLinks.TokenOf(message, "reset-password") });
        Assert.True(reset.Data!["resetPassword"]!["ok"]!.GetValue<bool>());
    }
}
