using System.Net;
using Microsoft.Extensions.Configuration;
using Son1kVers3.Application.Common;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Observability;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Http;

/// <summary>
/// Issue 15: the serialised answers of public queries asked anonymously are kept in-process (at
/// most the public max-age, bounded) and served again without executing; never to a signed-in
/// user, never for a document with a non-public root field, never across different variables.
/// </summary>
[Collection(ApiCollection.Name)]
public class PublicAnswerCacheTests(ApiFactory api)
{
    private readonly HttpClient _client = api.CreateClient();

    private static bool FromCache(GraphQLResponse response) =>
        response.Raw.Headers.TryGetValues(PublicAnswerCache.HitHeader, out var values) && values.Contains("hit");

    [Fact]
    public async Task ARepeatedAnonymousPlansQuery_IsAnsweredFromTheCache_WithTheSameBytes_OverPostAndGet()
    {
        const string Query = "query RepeatedPlans { plans { tier tools tokenAllocation } }";

        var first = await _client.PostAsync(Query);
        var second = await _client.PostAsync(Query);
        var overGet = await _client.GetQueryAsync(Query);

        Assert.False(FromCache(first));
        Assert.True(FromCache(second));
        Assert.True(FromCache(overGet));
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal("application/graphql-response+json", second.ContentType);
        Assert.Equal(first.Body!.ToJsonString(), second.Body!.ToJsonString());
        Assert.Equal(first.Body!.ToJsonString(), overGet.Body!.ToJsonString());
        Assert.True(overGet.Raw.Headers.CacheControl is { Private: true, NoStore: true, Public: false }); // not persisted: no shared cache may keep it
    }

    [Fact]
    public async Task ASignedInUser_IsNeverAnsweredFromTheCache_AndItsAnswersAreNeverKept()
    {
        const string Query = "query PlansWithToken { plans { tier } }";
        var user = await _client.RegisterAsync();

        var signedIn1 = await _client.PostAsAsync(user.AccessToken, Query);
        var signedIn2 = await _client.PostAsAsync(user.AccessToken, Query);
        var anonymous1 = await _client.PostAsync(Query);
        var anonymous2 = await _client.PostAsync(Query);
        var signedIn3 = await _client.PostAsAsync(user.AccessToken, Query);

        Assert.Null(signedIn1.Errors);
        Assert.False(FromCache(signedIn2)); // the signed-in answers were not kept...
        Assert.False(FromCache(anonymous1)); // ...not even for anonymous requests
        Assert.True(FromCache(anonymous2));
        Assert.False(FromCache(signedIn3)); // an anonymous answer is kept, yet a signed-in request still executes
    }

    [Fact]
    public async Task ADocumentWithANonPublicRootField_IsNeverKept_EvenThroughAFragment_AndEachUserGetsTheirOwnData()
    {
        const string Direct = "query PlansAndMe { plans { tier } me { id } }";
        const string ThroughFragment = "query PlansAndMeByFragment { ...Both } fragment Both on Query { plans { tier } me { id } }";
        var user = await _client.RegisterAsync();

        foreach (var query in new[] { Direct, ThroughFragment })
        {
            var anonymous1 = await _client.PostAsync(query);
            var anonymous2 = await _client.PostAsync(query);
            var signedIn = await _client.PostAsAsync(user.AccessToken, query);

            Assert.Null(anonymous1.Errors);
            Assert.Null(anonymous2.Data!["me"]);
            Assert.False(FromCache(anonymous2));
            Assert.False(FromCache(signedIn));
            Assert.NotNull(signedIn.Data!["me"]?["id"]);
        }
    }

    [Fact]
    public async Task TheVariables_ArePartOfTheKey_InACanonicalOrder()
    {
        const string Query = "query PlansByVariables($tools: Boolean!, $limits: Boolean!) { plans { tier tools @include(if: $tools) tokenAllocation @include(if: $limits) } }";

        var withTools = await _client.PostAsync(Query, new Dictionary<string, object> { ["tools"] = true, ["limits"] = false });
        var withoutTools = await _client.PostAsync(Query, new Dictionary<string, object> { ["tools"] = false, ["limits"] = false });
        var withToolsAgain = await _client.PostAsync(Query, new Dictionary<string, object> { ["limits"] = false, ["tools"] = true });

        Assert.False(FromCache(withoutTools));
        Assert.Null(withoutTools.Data!["plans"]![0]!["tools"]);
        Assert.True(FromCache(withToolsAgain));
        Assert.NotNull(withToolsAgain.Data!["plans"]![0]!["tools"]);
        Assert.Equal(withTools.Body!.ToJsonString(), withToolsAgain.Body!.ToJsonString());
    }

    [Fact]
    public async Task VariablesTheOperationDoesNotDeclare_AreLeftOutOfTheKey_SoRequestsDifferingOnlyInThemShareOneEntry()
    {
        const string Query = "query PlansWithOneVariable($tools: Boolean!) { plans { tier tools @include(if: $tools) } }";
        const string VariableFree = "query PlansWithoutVariables { plans { tier } }";

        var first = await _client.PostAsync(Query, new Dictionary<string, object> { ["tools"] = true, ["junk"] = "a" });
        var second = await _client.PostAsync(Query, new Dictionary<string, object> { ["tools"] = true, ["junk"] = "b" });
        var third = await _client.PostAsync(Query, new Dictionary<string, object> { ["tools"] = true });
        var otherDeclaredValue = await _client.PostAsync(Query, new Dictionary<string, object> { ["tools"] = false, ["junk"] = "a" });
        var free = await _client.PostAsync(VariableFree, new Dictionary<string, object> { ["junk"] = 1 });
        var freeAgain = await _client.PostAsync(VariableFree, new Dictionary<string, object> { ["junk"] = 2 });

        // GraphQL.NET runs an operation with variables it does not declare (ignores them): the answers are real ones.
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Null(first.Errors);
        Assert.NotNull(first.Data!["plans"]![0]!["tools"]);
        Assert.True(FromCache(second));
        Assert.True(FromCache(third));
        Assert.Equal(first.Body!.ToJsonString(), second.Body!.ToJsonString());
        Assert.False(FromCache(otherDeclaredValue));
        Assert.Null(otherDeclaredValue.Data!["plans"]![0]!["tools"]);
        Assert.Null(free.Errors);
        Assert.True(FromCache(freeAgain));

        // An undeclared variable whose text execution refuses is still refused, never answered from the entry.
        var unsafeJunk = await _client.PostAsync(VariableFree, new Dictionary<string, object> { ["junk"] = "a\0b" });
        Assert.False(FromCache(unsafeJunk));
        Assert.Equal("BAD_REQUEST", unsafeJunk.FirstErrorCode);
    }

    [Fact]
    public async Task AnAnswer_ExpiresAfterThePublicMaxAge()
    {
        using var client = api.With(("GRAPHQL_PERSISTED_PUBLIC_MAX_AGE_SECONDS", "1")).CreateClient();
        const string Query = "query ExpiringPlans { plans { tier } }";

        await client.PostAsync(Query);
        var fresh = await client.PostAsync(Query);
        await Task.Delay(TimeSpan.FromMilliseconds(1_200));
        var expired = await client.PostAsync(Query);
        var keptAgain = await client.PostAsync(Query);

        Assert.True(FromCache(fresh));
        Assert.False(FromCache(expired));
        Assert.True(FromCache(keptAgain));
    }

    [Fact]
    public async Task TheCache_HoldsAtMostItsEntries_AndNoAnswerLargerThanItsBytes()
    {
        using var fewEntries = api.With(("GRAPHQL_ANSWER_CACHE_MAX_ENTRIES", "2")).CreateClient();
        string[] queries = ["query A { plans { tier } }", "query B { plans { tools } }", "query C { plans { tokenAllocation } }"];
        foreach (var query in queries)
        {
            await fewEntries.PostAsync(query);
        }

        var third = await fewEntries.PostAsync(queries[2]);
        var first = await fewEntries.PostAsync(queries[0]);
        var second = await fewEntries.PostAsync(queries[1]);
        Assert.False(FromCache(third)); // the cache was full when it was answered
        Assert.True(FromCache(first));
        Assert.True(FromCache(second));

        using var fewBytes = api.With(("GRAPHQL_ANSWER_CACHE_MAX_BYTES", "1024")).CreateClient();
        const string Large = "query Large { plans { tier generationsPerDay lifetimeGenerations lifetimeGenerationsByModel { model limit } downloadsPerDay sharesPerDay lifetimeShares watermarkedShares tools tokenAllocation tokenAllocationFree tokenAllocationPaid } }";
        var large1 = await fewBytes.PostAsync(Large);
        var large2 = await fewBytes.PostAsync(Large);
        await fewBytes.PostAsync(queries[0]);
        var small = await fewBytes.PostAsync(queries[0]);
        Assert.True(large1.Raw.Content.Headers.ContentLength > 1024);
        Assert.False(FromCache(large2));
        Assert.True(FromCache(small));
    }

    [Fact]
    public async Task TurnedOff_EveryRequestExecutes()
    {
        using var client = api.With(("GRAPHQL_ANSWER_CACHE_ENABLED", "false")).CreateClient();

        await client.PostAsync("{ plans { tier } }");
        var second = await client.PostAsync("{ plans { tier } }");

        Assert.Null(second.Errors);
        Assert.False(FromCache(second));
    }

    [Theory]
    [InlineData("GRAPHQL_ANSWER_CACHE_MAX_ENTRIES", "0", "GRAPHQL_ANSWER_CACHE_MAX_ENTRIES")]
    [InlineData("GRAPHQL_ANSWER_CACHE_MAX_BYTES", "lots", "GRAPHQL_ANSWER_CACHE_MAX_BYTES")]
    [InlineData("GRAPHQL_ANSWER_CACHE_ENABLED", "maybe", "GRAPHQL_ANSWER_CACHE_ENABLED")]
    [InlineData("GRAPHQL_ACCESS_LOG", "sometimes", "GRAPHQL_ACCESS_LOG must be 'failures'")]
    [InlineData("GRAPHQL_ACCESS_LOG_SLOW_MS", "0", "GRAPHQL_ACCESS_LOG_SLOW_MS")]
    public void AMalformedSetting_IsRefusedAtStart_NamingTheVariable(string key, string value, string expected)
    {
        var settings = new SettingsReader(new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create(key, (string?)value)]).Build());

        AnswerCacheSettings.Read(settings);
        ObservabilitySettings.Read(settings, isDevelopment: false);

        Assert.Contains(expected, Assert.Single(settings.Errors));
    }
}
