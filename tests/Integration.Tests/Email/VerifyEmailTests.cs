using System.Net;
using Npgsql;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Email;

[Collection(ApiCollection.Name)]
public class VerifyEmailTests(ApiFactory api)
{
    private const string Verify = "mutation($t: String!) { verifyEmail(input: { token: $t }) { user { email emailVerified } errors { code message } } }";
    private const string RequestVerification = "mutation($e: String!) { requestEmailVerification(input: { email: $e }) { ok errors { code message } } }";

    [Fact]
    public async Task TheLinkMailedAtRegistration_VerifiesTheAddress_AndWorksOnlyOnce()
    {
        await using var mail = await MailCatcher.StartAsync();
        await using var server = api.With(mail.Settings);
        var client = server.CreateClient();
        var account = await client.RegisterAsync();
        var token = MailLinks.TokenOf(await mail.WaitForAsync(account.Email), "verify-email");

        var first = await client.PostAsync(Verify, new { t = token });
        var again = await client.PostAsync(Verify, new { t = token });
        var me = await client.PostAsAsync(account.AccessToken, "{ me { emailVerified } }");

        Assert.True(first.Data!["verifyEmail"]!["user"]!["emailVerified"]!.GetValue<bool>());
        Assert.True(me.Data!["me"]!["emailVerified"]!.GetValue<bool>());
        Assert.Equal("INVALID_TOKEN", again.Data!["verifyEmail"]!["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnExpiredLink_IsInvalidToken()
    {
        await using var mail = await MailCatcher.StartAsync();
        await using var server = api.With(mail.Settings);
        var client = server.CreateClient();
        var account = await client.RegisterAsync();
        var token = MailLinks.TokenOf(await mail.WaitForAsync(account.Email), "verify-email");
        await ExecuteAsync("UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE email = @p0", account.Email);

        var response = await client.PostAsync(Verify, new { t = token });

        Assert.Equal("INVALID_TOKEN", response.Data!["verifyEmail"]!["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("")]
    [InlineData("ℌ𝔢𝔩𝔩𝔬 \ud83d\ude00")]
    public async Task VerifyEmail_WithAHostileToken_IsInvalidToken_NeverAServerError(string token)
    {
        var response = await api.CreateClient().PostAsync(Verify, new { t = token });

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("INVALID_TOKEN", response.Data!["verifyEmail"]!["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task VerifyEmail_WithANulInTheToken_Is400AtTheEdge_NamingTheVariable()
    {
        var response = await api.CreateClient().PostAsync(Verify, new { t = "abc\u0000def" });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("variables.t", response.FirstErrorMessage);
    }

    [Fact]
    public async Task VerifyEmail_WithAnOversizedToken_IsInvalidToken()
    {
        var response = await api.CreateClient().PostAsync(Verify, new { t = new string('x', 100_000) });

        Assert.Equal("INVALID_TOKEN", response.Data!["verifyEmail"]!["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task RequestEmailVerification_AnswersTheSame_ForUnknownAndUnverifiedAddresses_AndMailsOnlyTheAccount()
    {
        await using var mail = await MailCatcher.StartAsync();
        await using var server = api.With(mail.Settings);
        var client = server.CreateClient();
        var account = await client.RegisterAsync();
        await mail.WaitForAsync(account.Email);
        var unknown = Support.Accounts.NewEmail();

        var known = await client.PostAsync(RequestVerification, new { e = account.Email });
        var nobody = await client.PostAsync(RequestVerification, new { e = unknown });

        Assert.Equal(known.Body!.ToJsonString(), nobody.Body!.ToJsonString());
        await WaitForCountAsync(mail, account.Email, 2);
        await Task.Delay(500);
        Assert.Empty(mail.To(unknown));
    }

    [Fact]
    public async Task MailSendingMutations_WithoutAMailServer_AreEmailUnavailable()
    {
        var client = api.CreateClient();

        var verification = await client.PostAsync(RequestVerification, new { e = Support.Accounts.NewEmail() });
        var reset = await client.PostAsync("mutation($e: String!) { requestPasswordReset(input: { email: $e }) { ok errors { code } } }", new { e = Support.Accounts.NewEmail() });

        Assert.Equal("EMAIL_UNAVAILABLE", verification.Data!["requestEmailVerification"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("EMAIL_UNAVAILABLE", reset.Data!["requestPasswordReset"]!["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task WithVerificationRequired_GeneratingAndSharing_AreEmailNotVerified_UntilTheLinkIsUsed()
    {
        await using var mail = await MailCatcher.StartAsync();
        await using var server = api.With([.. mail.Settings, ("REQUIRE_EMAIL_VERIFICATION", "true")]);
        var client = server.CreateClient();
        var account = await client.RegisterAsync();
        const string Create = "mutation { createGeneration(input: { model: V3_5, prompt: \"a calm song\" }) { generation { id } errors { code } } }";
        const string Share = "mutation($id: ID!) { shareGeneration(input: { generationId: $id }) { slug errors { code } } }";

        var blocked = await client.PostAsAsync(account.AccessToken, Create);
        var blockedShare = await client.PostAsAsync(account.AccessToken, Share, new { id = Son1kVers3.GraphQL.Schema.GlobalId.Encode("Generation", Guid.NewGuid()) });
        await client.PostAsync(Verify, new { t = MailLinks.TokenOf(await mail.WaitForAsync(account.Email), "verify-email") });
        var allowed = await client.PostAsAsync(account.AccessToken, Create);

        Assert.Equal("EMAIL_NOT_VERIFIED", blocked.Data!["createGeneration"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("EMAIL_NOT_VERIFIED", blockedShare.Data!["shareGeneration"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Empty(allowed.Data!["createGeneration"]!["errors"]!.AsArray());
        Assert.NotNull(allowed.Data!["createGeneration"]!["generation"]);
    }

    [Fact]
    public async Task WithVerificationRequired_Checkout_IsEmailNotVerified_UntilTheLinkIsUsed()
    {
        await using var mail = await MailCatcher.StartAsync();
        await using var server = api.With([.. mail.Settings, ("REQUIRE_EMAIL_VERIFICATION", "true")]);
        var client = server.CreateClient();
        var account = await client.RegisterAsync();
        const string Checkout = """
            mutation { createCheckoutSession(input: { tier: PRO, successUrl: "https://app.son1kvers3.test/ok", cancelUrl: "https://app.son1kvers3.test/no" }) { url errors { code } } }
            """;

        var blocked = await client.PostAsAsync(account.AccessToken, Checkout);
        await client.PostAsync(Verify, new { t = MailLinks.TokenOf(await mail.WaitForAsync(account.Email), "verify-email") });
        var past = await client.PostAsAsync(account.AccessToken, Checkout);

        Assert.Equal("EMAIL_NOT_VERIFIED", blocked.Data!["createCheckoutSession"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.True(past.Data?["createCheckoutSession"] is not null, past.Body?.ToJsonString());
        Assert.DoesNotContain("EMAIL_NOT_VERIFIED", past.Body!.ToJsonString());
    }

    [Fact]
    public async Task MailsToOneAddress_AreLimited_WithRetryAfterSeconds()
    {
        await using var mail = await MailCatcher.StartAsync();
        await using var server = api.With([.. mail.Settings, ("RATE_LIMIT_MAILS_PER_EMAIL_PER_15_MINUTES", "3")]);
        var client = server.CreateClient();
        var email = Support.Accounts.NewEmail();

        var answers = new List<GraphQLResponse>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await client.PostAsync(RequestVerification, new { e = email }));
        }

        Assert.All(answers.Take(3), a => Assert.True(a.Data!["requestEmailVerification"]!["ok"]!.GetValue<bool>()));
        Assert.Equal("RATE_LIMITED", answers[3].FirstErrorCode);
        Assert.True(answers[3].Errors![0]!["extensions"]?["retryAfterSeconds"]?.GetValue<int>() > 0, answers[3].Body!.ToJsonString());
    }

    [Fact]
    public async Task MailRequestsFromOneClientAddress_AreLimitedPerHour()
    {
        await using var mail = await MailCatcher.StartAsync();
        await using var server = api.With([.. mail.Settings, ("RATE_LIMIT_MAIL_REQUESTS_PER_HOUR", "20")]);
        var client = server.CreateClient();
        var address = $"198.51.100.{Random.Shared.Next(1, 255)}";

        var answers = new List<GraphQLResponse>();
        for (var i = 0; i < 21; i++)
        {
            answers.Add(await client.PostAsAsync(null, RequestVerification, new { e = Support.Accounts.NewEmail() }, forwardedFor: address));
        }

        Assert.Equal(20, answers.Count(a => a.Status == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[20].Status);
        Assert.Equal("RATE_LIMITED", answers[20].FirstErrorCode);
    }

    private static async Task WaitForCountAsync(MailCatcher mail, string to, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (mail.To(to).Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"fewer than {count} mails to the address arrived");
            await Task.Delay(100);
        }
    }

    private async Task ExecuteAsync(string sql, params object[] args)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        for (var i = 0; i < args.Length; i++)
        {
            command.Parameters.AddWithValue($"p{i}", args[i]);
        }

        await command.ExecuteNonQueryAsync();
    }
}
