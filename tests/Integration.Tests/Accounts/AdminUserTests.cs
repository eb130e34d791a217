using System.Net;
using System.Text.Json.Nodes;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Accounts;

/// <summary>Admins find users by a prefix of their email or name, and suspend and readmit them.</summary>
[Collection(ApiCollection.Name)]
public class AdminUserTests(ApiFactory api)
{
    private const string Users = """
        query($search: String, $status: UserStatus, $first: Int, $after: String) {
          users(search: $search, status: $status, first: $first, after: $after) {
            totalCount nodes { id email displayName status } pageInfo { hasNextPage endCursor }
          }
        }
        """;

    private const string Suspend = "mutation($id: ID!, $reason: String!) { suspendUser(input: { userId: $id, reason: $reason }) { user { id status } errors { code message } } }";
    private const string Unsuspend = "mutation($id: ID!) { unsuspendUser(input: { userId: $id }) { user { id status } errors { code message } } }";
    private const string Refresh = "mutation($t: String!) { refreshToken(input: { refreshToken: $t }) { accessToken errors { code } } }";
    private const string Login = "mutation($e: String!, $p: String!) { login(input: { email: $e, password: $p }) { accessToken errors { code } } }";

    private readonly HttpClient _client = api.CreateClient();

    private Task<SignedIn> AdminAsync() => _client.LoginAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword);

    private async Task<SignedIn> RegisterAsync(string email, string displayName)
    {
        var response = await _client.PostAsync(
            "mutation($input: RegisterInput!) { register(input: $input) { accessToken refreshToken user { id } errors { code } } }",
            new { input = new { email, password = "correct horse battery", displayName } });
        var payload = response.Data!["register"]!;
        Assert.Empty(payload["errors"]!.AsArray());
        return new SignedIn(payload["accessToken"]!.GetValue<string>(), payload["refreshToken"]!.GetValue<string>(), payload["user"]!["id"]!.GetValue<string>(), email);
    }

    private static JsonNode UsersOf(GraphQLResponse response)
    {
        Assert.True(response.Data?["users"] is not null, response.Body?.ToJsonString());
        return response.Data!["users"]!;
    }

    private static string[] EmailsOf(JsonNode users) => [.. users["nodes"]!.AsArray().Select(n => n!["email"]!.GetValue<string>())];

    [Fact]
    public async Task Users_FindsACaseInsensitivePrefixOfTheEmailOrTheName_NewestFirst_AndPagesWithItsCursor()
    {
        var admin = await AdminAsync();
        var tag = Guid.NewGuid().ToString("N")[..10];
        var first = await RegisterAsync($"zq{tag}-a@tests.son1kvers3.com", "Ana");
        var second = await RegisterAsync($"zq{tag}-b@tests.son1kvers3.com", "Beto");
        var third = await RegisterAsync($"other-{tag}@tests.son1kvers3.com", $"ZQ{tag} Carla");
        await RegisterAsync($"x-zq{tag}@tests.son1kvers3.com", "Not a prefix match");

        var page1 = UsersOf(await _client.PostAsAsync(admin.AccessToken, Users, new { search = $"ZQ{tag.ToUpperInvariant()}", first = 2 }));
        var page2 = UsersOf(await _client.PostAsAsync(admin.AccessToken, Users, new { search = $"zq{tag}", first = 2, after = page1["pageInfo"]!["endCursor"]!.GetValue<string>() }));
        var wildcard = UsersOf(await _client.PostAsAsync(admin.AccessToken, Users, new { search = "%", first = 5 }));

        Assert.Equal(3, page1["totalCount"]!.GetValue<int>());
        Assert.Equal([third.Email, second.Email], EmailsOf(page1));
        Assert.True(page1["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.Equal([first.Email], EmailsOf(page2));
        Assert.False(page2["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.Equal("ACTIVE", page2["nodes"]![0]!["status"]!.GetValue<string>());
        Assert.Equal(0, wildcard["totalCount"]!.GetValue<int>()); // a LIKE wildcard is matched literally
    }

    [Fact]
    public async Task Users_MatchesLikeWildcardsInTheSearchLiterally()
    {
        var admin = await AdminAsync();
        var tag = Guid.NewGuid().ToString("N")[..10];
        var underscore = await RegisterAsync($"zq{tag}_x@tests.son1kvers3.com", "Under");
        await RegisterAsync($"zq{tag}ax@tests.son1kvers3.com", "Letter");

        var found = UsersOf(await _client.PostAsAsync(admin.AccessToken, Users, new { search = $"zq{tag}_" }));

        Assert.Equal([underscore.Email], EmailsOf(found));
    }

    [Fact]
    public async Task Users_AndSuspension_ForAnyoneButAnAdmin_AreForbidden_AndStatusIsHiddenFromThem()
    {
        var user = await _client.RegisterAsync();
        var other = await _client.RegisterAsync();

        var search = await _client.PostAsAsync(user.AccessToken, Users, new { search = "a" });
        var anonymous = await _client.PostAsync(Users, new { search = "a" });
        var suspend = await _client.PostAsAsync(user.AccessToken, Suspend, new { id = other.UserId, reason = "spam" });
        var me = await _client.PostAsAsync(user.AccessToken, "{ me { status } }");

        Assert.Equal("FORBIDDEN", search.FirstErrorCode);
        Assert.Equal("UNAUTHENTICATED", anonymous.FirstErrorCode);
        Assert.Equal("FORBIDDEN", suspend.FirstErrorCode);
        Assert.Null(me.Data!["me"]!["status"]?.GetValue<string>());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task Users_WithFirstOutOfBounds_IsBadUserInput(int first)
    {
        var admin = await AdminAsync();

        var response = await _client.PostAsAsync(admin.AccessToken, Users, new { first });

        Assert.Equal("BAD_USER_INPUT", response.FirstErrorCode);
        Assert.Contains("first", response.FirstErrorMessage);
    }

    [Fact]
    public async Task Users_WithAnOversizedSearchOrAForgedCursor_IsBadUserInput()
    {
        var admin = await AdminAsync();

        var oversized = await _client.PostAsAsync(admin.AccessToken, Users, new { search = new string('a', 201) });
        var forged = await _client.PostAsAsync(admin.AccessToken, Users, new { after = "not-a-cursor" });

        Assert.Equal("BAD_USER_INPUT", oversized.FirstErrorCode);
        Assert.Contains("search", oversized.FirstErrorMessage);
        Assert.Equal("BAD_USER_INPUT", forged.FirstErrorCode);
    }

    [Fact]
    public async Task SuspendUser_ClosesTheUsersSocketWith4403_VoidsItsAccessToken_AndSignInIsAccountSuspended_UntilUnsuspended()
    {
        await using var server = api.With();
        var client = server.CreateClient();
        var admin = await client.LoginAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword);
        var user = await client.RegisterAsync();
        Assert.NotNull((await client.PostAsAsync(user.AccessToken, "{ me { id } }")).Data!["me"]); // cached as current
        await using var socket = await WsClient.InitAsync(server, user.AccessToken);

        var suspended = await client.PostAsAsync(admin.AccessToken, Suspend, new { id = user.UserId, reason = "spam in chat" });

        Assert.Equal("SUSPENDED", suspended.Data!["suspendUser"]!["user"]!["status"]!.GetValue<string>());
        Assert.Equal(4403, await socket.ClosedWithAsync(10_000));
        var old = await client.PostAsAsync(user.AccessToken, "{ me { id } }");
        Assert.Equal(HttpStatusCode.Unauthorized, old.Status);
        Assert.Equal("UNAUTHENTICATED", old.FirstErrorCode);
        var login = await client.PostAsync(Login, new { e = user.Email, p = "correct horse battery" });
        Assert.Equal("ACCOUNT_SUSPENDED", login.Data!["login"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Null(login.Data!["login"]!["accessToken"]?.GetValue<string>());
        var refresh = await client.PostAsync(Refresh, new { t = user.RefreshToken });
        Assert.Equal("ACCOUNT_SUSPENDED", refresh.Data!["refreshToken"]!["errors"]![0]!["code"]!.GetValue<string>());
        var listed = UsersOf(await client.PostAsAsync(admin.AccessToken, Users, new { search = user.Email, status = "SUSPENDED" }));
        Assert.Equal([user.Email], EmailsOf(listed));

        var readmitted = await client.PostAsAsync(admin.AccessToken, Unsuspend, new { id = user.UserId });
        var again = await client.LoginAsync(user.Email, "correct horse battery");

        Assert.Equal("ACTIVE", readmitted.Data!["unsuspendUser"]!["user"]!["status"]!.GetValue<string>());
        Assert.NotNull((await client.PostAsAsync(again.AccessToken, "{ me { id } }")).Data!["me"]);
        // The sessions the suspension ended stay ended.
        Assert.Equal("INVALID_REFRESH_TOKEN", (await client.PostAsync(Refresh, new { t = user.RefreshToken })).Data!["refreshToken"]!["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task SuspendUser_OfOneself_OfNobody_OrWithoutAReason_IsRefused_WithSpecificCodes()
    {
        var admin = await AdminAsync();
        var user = await _client.RegisterAsync();
        var adminId = (await _client.PostAsAsync(admin.AccessToken, "{ me { id } }")).Data!["me"]!["id"]!.GetValue<string>();

        var self = await _client.PostAsAsync(admin.AccessToken, Suspend, new { id = adminId, reason = "testing" });
        var nobody = await _client.PostAsAsync(admin.AccessToken, Suspend, new { id = Son1kVers3.GraphQL.Schema.GlobalId.Encode("User", Guid.NewGuid()), reason = "spam" });
        var notAUser = await _client.PostAsAsync(admin.AccessToken, Unsuspend, new { id = "garbage" });
        var blank = await _client.PostAsAsync(admin.AccessToken, Suspend, new { id = user.UserId, reason = "   " });
        var oversized = await _client.PostAsAsync(admin.AccessToken, Suspend, new { id = user.UserId, reason = new string('r', 501) });

        Assert.Equal("CANNOT_SUSPEND_SELF", self.Data!["suspendUser"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("NOT_FOUND", nobody.Data!["suspendUser"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("VALIDATION", notAUser.Data!["unsuspendUser"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("VALIDATION", blank.Data!["suspendUser"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("VALIDATION", oversized.Data!["suspendUser"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.NotNull((await _client.PostAsAsync(user.AccessToken, "{ me { id } }")).Data!["me"]);
    }
}
