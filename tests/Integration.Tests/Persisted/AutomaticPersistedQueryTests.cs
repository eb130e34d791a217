using System.Net;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Persisted;

/// <summary>Automatic persisted queries (the Apollo protocol) over POST, GET and WebSocket, stored in Redis for every instance.</summary>
[Collection(ApiCollection.Name)]
public class AutomaticPersistedQueryTests(ApiFactory api)
{
    [Fact]
    public async Task AnUnknownHashAlone_IsNotFoundWith200_ThenHashAndTextRunAndStoreIt_SoAnotherInstanceRunsTheHashAlone()
    {
        var query = PersistedOps.Unique("{ plans { tier } }");
        var hash = PersistedOps.Sha256(query);
        var client = api.CreateClient();

        var unknown = await client.PostPersistedAsync(hash);
        var registered = await client.PostPersistedAsync(hash, query);
        await using var other = api.With(("GRAPHQL_MAX_DEPTH", "14")); // another instance, same Redis
        var elsewhere = await other.CreateClient().PostPersistedAsync(hash);

        Assert.Equal(HttpStatusCode.OK, unknown.Status);
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", unknown.FirstErrorCode);
        Assert.Null(unknown.Data);
        Assert.Null(registered.Errors);
        Assert.Equal(4, registered.Data!["plans"]!.AsArray().Count);
        Assert.Null(elsewhere.Errors);
        Assert.Equal(registered.Data.ToJsonString(), elsewhere.Data!.ToJsonString());
    }

    [Fact]
    public async Task AHashThatIsNotTheTextsSha256_Is400HashMismatch_AndStoresNothing()
    {
        var query = PersistedOps.Unique("{ plans { tier } }");
        var wrong = PersistedOps.Sha256(query + " ");
        var client = api.CreateClient();

        var mismatch = await client.PostPersistedAsync(wrong, query);
        var after = await client.PostPersistedAsync(wrong);

        Assert.Equal(HttpStatusCode.BadRequest, mismatch.Status);
        Assert.Equal("PERSISTED_QUERY_HASH_MISMATCH", mismatch.FirstErrorCode);
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", after.FirstErrorCode);
    }

    [Theory]
    [InlineData("""{"extensions":{"persistedQuery":{"version":2,"sha256Hash":"aa"}}}""", "PERSISTED_QUERY_NOT_SUPPORTED")]
    [InlineData("""{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"not-hex"}}}""", "BAD_REQUEST")]
    [InlineData("""{"extensions":{"persistedQuery":"abc"}}""", "BAD_REQUEST")]
    [InlineData("""{"documentId":"md5:abc"}""", "BAD_REQUEST")]
    [InlineData("""{"documentId":7}""", "BAD_REQUEST")]
    public async Task AMalformedPersistedQuery_Is400_WithASpecificCode(string body, string code)
    {
        var response = await api.CreateClient().PostRawAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(code, response.FirstErrorCode);
    }

    [Fact]
    public async Task OverGet_APersistedPublicQuery_IsCacheablePublicly_AndAUserSpecificOne_IsPrivateNoStore()
    {
        var client = api.CreateClient();
        var user = await client.RegisterAsync();
        var plans = PersistedOps.Unique("query Plans { plans { tier } }");
        var me = PersistedOps.Unique("query Me { me { email } }");
        var pool = PersistedOps.Unique("query Pool { tokenPool { date } }");
        foreach (var query in new[] { plans, me, pool })
        {
            Assert.Null((await client.PostPersistedAsync(PersistedOps.Sha256(query), query, bearer: user.AccessToken)).Errors);
        }

        var publicPlans = await client.GetPersistedAsync(PersistedOps.Sha256(plans));
        var plansWithToken = await client.GetPersistedAsync(PersistedOps.Sha256(plans), bearer: user.AccessToken);
        var myEmail = await client.GetPersistedAsync(PersistedOps.Sha256(me), bearer: user.AccessToken);
        var todaysPool = await client.GetPersistedAsync(PersistedOps.Sha256(pool));
        var plainGet = await client.GetQueryAsync("{ plans { tier } }");

        Assert.Null(publicPlans.Errors);
        Assert.Equal((true, TimeSpan.FromSeconds(300)), (publicPlans.Raw.Headers.CacheControl!.Public, publicPlans.Raw.Headers.CacheControl.MaxAge!.Value));
        AssertPrivateNoStore(plansWithToken);
        Assert.Equal(user.Email, myEmail.Data!["me"]!["email"]!.GetValue<string>());
        AssertPrivateNoStore(myEmail);
        AssertPrivateNoStore(todaysPool);
        AssertPrivateNoStore(plainGet);
    }

    private static void AssertPrivateNoStore(GraphQLResponse response) =>
        Assert.True(response.Raw.Headers.CacheControl is { Private: true, NoStore: true, Public: false }, response.Raw.Headers.CacheControl?.ToString());

    [Fact]
    public async Task OverGet_APersistedMutation_IsRefusedWith405_LikeAnyMutation()
    {
        var client = api.CreateClient();
        var mutation = PersistedOps.Unique("mutation { logout(input: { refreshToken: \"x\" }) { ok } }");
        var hash = PersistedOps.Sha256(mutation);
        await client.PostPersistedAsync(hash, mutation);

        var overGet = await client.GetPersistedAsync(hash);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, overGet.Status);
        Assert.Equal("METHOD_NOT_ALLOWED", overGet.FirstErrorCode);
    }

    [Fact]
    public async Task OverWebSocket_ASubscribeWithAnUnknownHash_IsNotFound_AndWithAStoredHash_RunsTheDocument()
    {
        var query = PersistedOps.Unique("query Tiers { plans { tier } }");
        var hash = PersistedOps.Sha256(query);
        await using var ws = await WsClient.InitAsync(api);

        await ws.SendAsync(new { id = "a", type = "subscribe", payload = new { extensions = PersistedOps.Extension(hash) } });
        var unknown = await ws.ReceiveAsync();
        await ws.SendAsync(new { id = "b", type = "subscribe", payload = new { query, extensions = PersistedOps.Extension(hash) } });
        var registered = await ws.ReceiveAsync();
        Assert.Equal("complete", (await ws.ReceiveAsync())!["type"]!.GetValue<string>());
        await ws.SendAsync(new { id = "c", type = "subscribe", payload = new { extensions = PersistedOps.Extension(hash) } });
        var byHash = await ws.ReceiveAsync();

        Assert.Equal("error", unknown!["type"]!.GetValue<string>());
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", unknown["payload"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Equal("next", registered!["type"]!.GetValue<string>());
        Assert.Equal("next", byHash!["type"]!.GetValue<string>());
        Assert.Equal(4, byHash["payload"]!["data"]!["plans"]!.AsArray().Count);
    }

    [Fact]
    public async Task ADocumentOverTheSizeCap_RunsWithItsHash_ButIsNotStored()
    {
        await using var server = api.With(("GRAPHQL_APQ_MAX_DOCUMENT_BYTES", "256"));
        var client = server.CreateClient();
        var small = PersistedOps.Unique("{ plans { tier } }");
        var large = PersistedOps.Unique("{ plans { tier } }" + new string(' ', 300));

        var ranLarge = await client.PostPersistedAsync(PersistedOps.Sha256(large), large);
        Assert.Null((await client.PostPersistedAsync(PersistedOps.Sha256(small), small)).Errors);
        var largeAgain = await client.PostPersistedAsync(PersistedOps.Sha256(large));
        var smallAgain = await client.PostPersistedAsync(PersistedOps.Sha256(small));

        Assert.Null(ranLarge.Errors);
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", largeAgain.FirstErrorCode);
        Assert.Null(smallAgain.Errors);
    }

    [Fact]
    public async Task WithRedisDead_AHashAloneIsNotFound_AndTheClientsRetryWithTextStillRuns()
    {
        await using var redis = await RedisProcess.StartAsync();
        await using var server = api.With(("REDIS_URL", redis.Url));
        var client = server.CreateClient();
        var query = PersistedOps.Unique("{ plans { tier } }");
        var hash = PersistedOps.Sha256(query);
        Assert.Null((await client.PostPersistedAsync(hash, query)).Errors);
        Assert.Null((await client.PostPersistedAsync(hash)).Errors); // stored while Redis was up

        redis.Kill();
        var hashOnly = await client.PostPersistedAsync(hash);
        var withText = await client.PostPersistedAsync(hash, query);

        Assert.Equal(HttpStatusCode.OK, hashOnly.Status);
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", hashOnly.FirstErrorCode);
        Assert.Null(withText.Errors);
        Assert.Equal(4, withText.Data!["plans"]!.AsArray().Count);
    }
}
