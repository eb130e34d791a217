using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Email;

[Collection(ApiCollection.Name)]
public partial class EmailOutboxTests(ApiFactory api)
{
    private const string RegisterMutation = "mutation($input: RegisterInput!) { register(input: $input) { user { id locale emailVerified hasPassword } errors { code message } } }";

    [Fact]
    public async Task Register_MailsAVerificationLink_InTheChosenLocale_PointingAtAppUrl_NotAtTheRequestsHost()
    {
        await using var mail = await MailCatcher.StartAsync();
        await using var server = api.With(mail.Settings);
        var client = server.CreateClient();
        var email = Support.Accounts.NewEmail();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = JsonContent.Create(new { query = RegisterMutation, variables = new { input = new { email, password = "correct horse battery", locale = "en" } } }),
        };
        request.Headers.Host = "evil.example";
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        request.Headers.Add("X-Forwarded-Proto", "http");
        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"locale\":\"en\"", body);
        Assert.Contains("\"emailVerified\":false", body);
        Assert.Contains("\"hasPassword\":true", body);

        var message = await mail.WaitForAsync(email);
        Assert.Equal("Confirm your email address", message.Subject);
        Assert.Equal("no-reply@son1kvers3.com", message.From.Mailboxes.Single().Address);
        Assert.Matches(LinkPattern(), message.TextBody);
        Assert.Matches(LinkPattern(), message.HtmlBody);
        Assert.DoesNotContain("evil.example", message.TextBody + message.HtmlBody);
    }

    [Fact]
    public async Task Register_WithoutALocale_WritesInTheAcceptLanguage_ElseSpanish()
    {
        await using var mail = await MailCatcher.StartAsync();
        await using var server = api.With(mail.Settings);
        var client = server.CreateClient();
        var english = Support.Accounts.NewEmail();
        var unknown = Support.Accounts.NewEmail();

        await RegisterWithAcceptLanguageAsync(client, english, "en-GB,en;q=0.9");
        await RegisterWithAcceptLanguageAsync(client, unknown, "de-DE");

        Assert.Equal("Confirm your email address", (await mail.WaitForAsync(english)).Subject);
        Assert.Equal("Confirma tu correo electrónico", (await mail.WaitForAsync(unknown)).Subject);
    }

    [Fact]
    public async Task Mail_QueuedWhileTheMailServerIsDown_IsSentOnce_AfterItComesBack()
    {
        await using var mail = await MailCatcher.StartAsync();
        await using var server = api.With(mail.Settings);
        var client = server.CreateClient();
        await mail.StopServingAsync();
        var email = Support.Accounts.NewEmail();

        var started = DateTime.UtcNow;
        await client.RegisterAsync(email);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(3), "the request must not wait on SMTP");

        // At least one attempt fails while the server is away.
        await WaitUntilAsync(async () => await ScalarAsync<int>("SELECT COALESCE(MAX(attempts), 0) FROM outbound_emails WHERE \"to\" = @p0", email) >= 1);
        Assert.Empty(mail.To(email));
        Assert.Null(await ScalarAsync<DateTime?>("SELECT sent_at FROM outbound_emails WHERE \"to\" = @p0", email));

        await mail.StartServingAsync();
        await mail.WaitForAsync(email, TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // past another retry interval: nothing more may arrive

        Assert.Single(mail.To(email));
        Assert.NotNull(await ScalarAsync<DateTime?>("SELECT sent_at FROM outbound_emails WHERE \"to\" = @p0", email));
        Assert.Equal(string.Empty, await ScalarAsync<string>("SELECT text_body || html_body FROM outbound_emails WHERE \"to\" = @p0", email));
    }

    [Fact]
    public async Task TheMailedLink_NeverReachesALogLine()
    {
        await using var mail = await MailCatcher.StartAsync();
        var logs = new CapturedLogs();
        await using var server = logs.On(api.With(mail.Settings));
        var client = server.CreateClient();
        var email = Support.Accounts.NewEmail();

        await client.RegisterAsync(email);
        var token = LinkPattern().Match((await mail.WaitForAsync(email)).TextBody ?? string.Empty).Groups["token"].Value;

        Assert.NotEmpty(token);
        Assert.DoesNotContain(logs.Lines, l => l.Text.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Text.Contains("verify-email?token", StringComparison.Ordinal));
    }

    private static async Task RegisterWithAcceptLanguageAsync(HttpClient client, string email, string acceptLanguage)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = JsonContent.Create(new { query = RegisterMutation, variables = new { input = new { email, password = "correct horse battery" } } }),
        };
        request.Headers.Add("Accept-Language", acceptLanguage);
        var response = await client.SendAsync(request);
        Assert.DoesNotContain("\"code\"", await response.Content.ReadAsStringAsync());
    }

    private async Task<T?> ScalarAsync<T>(string sql, params object[] args)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        for (var i = 0; i < args.Length; i++)
        {
            command.Parameters.AddWithValue($"p{i}", args[i]);
        }

        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition never held");
            await Task.Delay(100);
        }
    }

    [GeneratedRegex(@"https://app\.son1kvers3\.test/verify-email\?token=(?<token>[A-Za-z0-9_-]{43})")]
    internal static partial Regex LinkPattern();
}
