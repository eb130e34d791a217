using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Son1kVers3.Infrastructure.Persistence;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Accounts;

/// <summary>deleteAccount: re-authenticated, the subscription cancelled first, then every trace of the person erased while the pool keeps its figures.</summary>
[Collection(ApiCollection.Name)]
public sealed class DeleteAccountTests(ApiFactory api)
{
    private const string Delete = "mutation($input: DeleteAccountInput!) { deleteAccount(input: $input) { ok errors { code message } } }";
    private const string Pool = "{ tokenPool { date uniqueClients free { capacity reserved used } paid { capacity reserved used } } }";
    private const string Shared = "query($s: String!) { sharedGeneration(slug: $s) { slug generation { tracks { streamAudioUrl } } } }";

    private static async Task<JsonNode> DeleteAsync(HttpClient client, string token, string? password)
    {
        var response = await client.PostAsAsync(token, Delete, new { input = new { password } });
        Assert.True(response.Data?["deleteAccount"] is not null, response.Body?.ToJsonString());
        return response.Data!["deleteAccount"]!;
    }

    private static async Task<string?> LoginErrorAsync(HttpClient client, string email, string password) =>
        (await client.PostAsync("mutation($i: LoginInput!) { login(input: $i) { accessToken errors { code } } }", new { i = new { email, password } }))
            .Data!["login"]!["errors"]!.AsArray().FirstOrDefault()?["code"]?.GetValue<string>();

    [Fact]
    public async Task DeleteAccount_ErasesTheEmailFromEveryColumnOfEveryTable_RefusesSignIn_RemovesTheirShare_AndKeepsThePoolFigures()
    {
        await using var mail = await MailCatcher.StartAsync();
        await using var server = api.With([.. mail.Settings, .. Support.Generations.FastWorker]);
        var client = server.CreateClient();
        var user = await client.RegisterAsync();
        var name = $"Zoë Quintana {Guid.NewGuid():N}";
        var address = $"198.51.100.{Random.Shared.Next(1, 250)}";
        await client.PostAsAsync(user.AccessToken, "mutation($n: String!) { updateProfile(input: { displayName: $n }) { errors { code } } }", new { n = name });
        await client.PostAsAsync(user.AccessToken, "mutation($i: RegisterClientInput!) { registerClient(input: $i) { errors { code } } }",
            new { i = new { installId = Guid.NewGuid().ToString(), userAgent = "Mozilla/5.0 (deleted person's laptop)" } }, forwardedFor: address);
        var song = await client.CreateOkAsync(user.AccessToken, new { model = "V5", prompt = $"a song for {user.Email}" });
        await client.WaitForAsync(user.AccessToken, song["id"]!.GetValue<string>(), "COMPLETED");
        var slug = (await client.PostAsAsync(user.AccessToken, "mutation($id: ID!) { shareGeneration(input: { generationId: $id }) { slug } }", new { id = song["id"]!.GetValue<string>() }))
            .Data!["shareGeneration"]!["slug"]!.GetValue<string>();
        var sharedAudio = (await client.PostAsync(Shared, new { s = slug })).Data!["sharedGeneration"]!["generation"]!["tracks"]![0]!["streamAudioUrl"]!.GetValue<string>();
        var room = await Support.Chat.NewRoomAsync(client);
        await Support.Chat.SendOkAsync(client, user.AccessToken, room, $"write to me at {user.Email}");
        await client.PostAsync("mutation($e: String!) { requestPasswordReset(input: { email: $e }) { ok } }", new { e = user.Email });
        await mail.WaitForAsync(user.Email);
        await using var socket = await WsClient.InitAsync(server, user.AccessToken);
        var before = await DatabaseScan.ColumnsContainingAsync(api.ConnectionString, user.Email);
        var clientId = await ClientOfAsync(user.UserId);
        var reservation = await ReservationOfAsync(song["id"]!.GetValue<string>());
        var poolBefore = (await client.PostAsync(Pool)).Data!["tokenPool"]!.ToJsonString();

        var deleted = await DeleteAsync(client, user.AccessToken, "correct horse battery");

        var poolAfter = (await client.PostAsync(Pool)).Data!["tokenPool"]!.ToJsonString();
        var emailAfter = await DatabaseScan.ColumnsContainingAsync(api.ConnectionString, user.Email);
        var nameAfter = await DatabaseScan.ColumnsContainingAsync(api.ConnectionString, name);
        var addressAfter = await DatabaseScan.ColumnsContainingAsync(api.ConnectionString, address);
        Assert.True(deleted["ok"]!.GetValue<bool>(), deleted.ToJsonString());
        Assert.True(before.Hits.Count >= 4, string.Join(", ", before.Hits)); // the scan does find the address where it is
        Assert.True(emailAfter.Searched > 40, $"only {emailAfter.Searched} columns searched");
        Assert.Empty(emailAfter.Hits);
        Assert.Empty(nameAfter.Hits);
        Assert.Empty(addressAfter.Hits);
        Assert.Equal(poolBefore, poolAfter);
        Assert.Equal("INVALID_CREDENTIALS", await LoginErrorAsync(client, user.Email, "correct horse battery"));
        Assert.Equal("UNAUTHENTICATED", (await client.PostAsAsync(user.AccessToken, "{ me { id } }")).FirstErrorCode);
        var refreshed = await client.PostAsync("mutation($t: String!) { refreshToken(input: { refreshToken: $t }) { errors { code } } }", new { t = user.RefreshToken });
        Assert.Equal("INVALID_REFRESH_TOKEN", refreshed.Data!["refreshToken"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Null((await client.PostAsync(Shared, new { s = slug })).Data!["sharedGeneration"]);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri(sharedAudio).PathAndQuery)).StatusCode);
        Assert.Equal(4403, await socket.ClosedWithAsync(10_000));
        Assert.Empty((await Support.Chat.HistoryAsync(client, (await client.RegisterAsync()).AccessToken, room)).Edges);
        await AssertLedgerKeptUnderAnAnonymousIdAsync(user.UserId, reservation, clientId);
    }

    [Fact]
    public async Task DeleteAccount_WithAWrongOrMissingPassword_IsInvalidCredentials_AndDeletesNothing()
    {
        var client = api.CreateClient();
        var user = await client.RegisterAsync();

        var wrong = await DeleteAsync(client, user.AccessToken, "not my password");
        var missing = await DeleteAsync(client, user.AccessToken, null);
        var huge = await DeleteAsync(client, user.AccessToken, new string('x', 5000));

        Assert.Equal("INVALID_CREDENTIALS", wrong.ErrorCode());
        Assert.Equal("INVALID_CREDENTIALS", missing.ErrorCode());
        Assert.Equal("INVALID_CREDENTIALS", huge.ErrorCode());
        Assert.False(wrong["ok"]!.GetValue<bool>());
        Assert.NotNull((await client.PostAsAsync(user.AccessToken, "{ me { id } }")).Data!["me"]);
        Assert.Null(await LoginErrorAsync(client, user.Email, "correct horse battery"));
    }

    [Fact]
    public async Task DeleteAccount_Anonymously_IsUnauthenticated()
    {
        var response = await api.CreateClient().PostAsync(Delete, new { input = new { password = "whatever it is" } });

        Assert.Equal("UNAUTHENTICATED", response.FirstErrorCode);
    }

    [Fact]
    public async Task DeleteAccount_OfAnOAuthOnlyAccount_NeedsASignInWithinTheLastTenMinutes()
    {
        using var providers = new OAuthProvidersFake();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var server = api.WithClock(clock, providers.Settings);
        var client = server.CreateClient();
        var email = Support.Accounts.NewEmail();
        var subject = "g-" + Guid.NewGuid().ToString("N");
        var first = await OAuthSignInAsync(client, providers, subject, email);

        clock.Advance(TimeSpan.FromMinutes(11));
        var stale = await DeleteAsync(client, first, "any password at all");
        var second = await OAuthSignInAsync(client, providers, subject, email);
        clock.Advance(TimeSpan.FromMinutes(9));
        var fresh = await DeleteAsync(client, second, null);

        Assert.Equal("REAUTHENTICATION_REQUIRED", stale.ErrorCode());
        Assert.True(fresh["ok"]!.GetValue<bool>(), fresh.ToJsonString());
        Assert.Empty((await DatabaseScan.ColumnsContainingAsync(api.ConnectionString, email)).Hits);
        Assert.Empty((await DatabaseScan.ColumnsContainingAsync(api.ConnectionString, subject)).Hits); // the OAuth link
    }

    [Fact]
    public async Task DeleteAccount_CancelsTheLiveSubscriptionFirst_AndWhenStripeFails_AnswersAClearErrorAndDeletesNothing()
    {
        using var stripe = new StripeFake();
        var client = api.With(stripe.Settings).CreateClient();
        var user = await client.RegisterAsync();
        Assert.Empty((await client.CheckoutAsync(user.AccessToken))["errors"]!.AsArray());
        var customer = stripe.CustomerOf(user.UserId);
        var subscription = "sub_" + Guid.NewGuid().ToString("N")[..14];
        _ = stripe.Subscription(subscription, customer, "active", StripeFake.PricePro, StripeFake.Now - 600);
        var completed = StripeFake.Event("checkout.session.completed", StripeFake.CheckoutSession(customer, subscription, user.UserId), StripeFake.Now - 599);
        Assert.Equal("Applied", await StripeFake.DeliverOkAsync(client, completed));
        stripe.SubscriptionFails(subscription);

        var refused = await DeleteAsync(client, user.AccessToken, "correct horse battery");
        var stillThere = await client.PostAsAsync(user.AccessToken, "{ me { tier } }");
        _ = stripe.Subscription(subscription, customer, "active", StripeFake.PricePro, StripeFake.Now - 600);
        var deleted = await DeleteAsync(client, user.AccessToken, "correct horse battery");

        Assert.Equal("PAYMENT_PROVIDER_ERROR", refused.ErrorCode());
        Assert.Contains("nothing was deleted", refused["errors"]![0]!["message"]!.GetValue<string>());
        Assert.Equal("PRO", stillThere.Data!["me"]!["tier"]!.GetValue<string>());
        Assert.True(deleted["ok"]!.GetValue<bool>(), deleted.ToJsonString());
        var cancels = stripe.Requests($"/v1/subscriptions/{subscription}").Where(r => r.RequestMessage.Method == "DELETE").ToList();
        Assert.Equal(500, Convert.ToInt32(cancels[0].ResponseMessage.StatusCode, System.Globalization.CultureInfo.InvariantCulture)); // the failed attempt
        Assert.Equal(200, Convert.ToInt32(cancels[^1].ResponseMessage.StatusCode, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("\"status\":\"canceled\"", cancels[^1].ResponseMessage.BodyData!.BodyAsString);
        Assert.Empty((await DatabaseScan.ColumnsContainingAsync(api.ConnectionString, customer)).Hits);
    }

    private async Task<string> OAuthSignInAsync(HttpClient client, OAuthProvidersFake providers, string subject, string email)
    {
        var code = Guid.NewGuid().ToString("N");
        providers.Google(code, subject, email);
        var response = await client.PostAsync(
            "mutation($input: SignInWithOAuthInput!) { signInWithOAuth(input: $input) { accessToken errors { code } } }",
            new { input = new { provider = "GOOGLE", code, redirectUri = "https://app.son1kvers3.test/auth/callback" } });
        Assert.True(response.Data?["signInWithOAuth"]?["accessToken"] is not null, response.Body?.ToJsonString());
        return response.Data!["signInWithOAuth"]!["accessToken"]!.GetValue<string>();
    }

    private async Task<Guid> ClientOfAsync(string userGlobalId)
    {
        var id = Seed.IdOf(userGlobalId);
        await using var scope = api.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Clients.Where(c => c.UserId == id).Select(c => c.Id).SingleAsync();
    }

    private async Task<Guid> ReservationOfAsync(string generationGlobalId)
    {
        var id = Seed.IdOf(generationGlobalId);
        await using var scope = api.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Generations.Where(g => g.Id == id).Select(g => g.ReservationId).SingleAsync();
    }

    /// <summary>The song's reservation and movements are still there, now under an anonymous stand-in; the user's client stays (it counts for the pool) but unlinked.</summary>
    private async Task AssertLedgerKeptUnderAnAnonymousIdAsync(string userGlobalId, Guid reservationId, Guid clientId)
    {
        var userId = Seed.IdOf(userGlobalId);
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.False(await db.Users.IgnoreQueryFilters().AnyAsync(u => u.Id == userId));
        var reservation = await db.TokenReservations.SingleAsync(r => r.Id == reservationId);
        var movements = await db.TokenMovements.Where(m => m.ReservationId == reservationId).OrderBy(m => m.Id).ToListAsync();
        var holder = await db.Users.IgnoreQueryFilters().SingleAsync(u => u.Id == reservation.UserId);
        Assert.Equal("Committed", reservation.State.ToString());
        Assert.Equal(["Reserve", "Commit"], movements.Select(m => m.Kind.ToString()));
        Assert.All(movements, m => Assert.Equal(holder.Id, m.UserId));
        Assert.NotNull(holder.DeletedAt);
        Assert.Null(holder.PasswordHash);
        Assert.Null(holder.DisplayName);
        Assert.False(await db.Users.AnyAsync(u => u.Id == holder.Id)); // invisible to every query of users
        var client = await db.Clients.SingleAsync(c => c.Id == clientId);
        Assert.Null(client.UserId);
        Assert.Null(client.CreatedFromAddress);
        Assert.Null(client.UserAgent);
    }
}
