using System.Net;
using System.Text.Json.Nodes;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Http;

[Collection(ApiCollection.Name)]
public class PlansAndPoolQueryTests(ApiFactory api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Plans_ReturnsTheFourTiers_WithTheDomainNumbers()
    {
        var response = await _client.PostAsync("""
            { plans { tier generationsPerDay lifetimeGenerations downloadsPerDay sharesPerDay lifetimeShares
                      watermarkedShares tools tokenAllocation tokenAllocationFree tokenAllocationPaid
                      lifetimeGenerationsByModel { model limit } } }
            """);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var plans = response.Data!["plans"]!.AsArray();
        string Row(int i) => plans[i]!.ToJsonString();
        Assert.Equal(4, plans.Count);
        Assert.Equal("""{"tier":"FREE","generationsPerDay":null,"lifetimeGenerations":5,"downloadsPerDay":0,"sharesPerDay":null,"lifetimeShares":5,"watermarkedShares":true,"tools":["PIXEL_BASIC"],"tokenAllocation":5,"tokenAllocationFree":5,"tokenAllocationPaid":0,"lifetimeGenerationsByModel":[{"model":"V3_5","limit":3},{"model":"V5","limit":2}]}""", Row(0));
        Assert.Equal("""{"tier":"PRO","generationsPerDay":4,"lifetimeGenerations":null,"downloadsPerDay":10,"sharesPerDay":5,"lifetimeShares":null,"watermarkedShares":false,"tools":["PIXEL_BASIC","MUSIC_GENERATOR","GHOST_STUDIO","NOVA_POST"],"tokenAllocation":4,"tokenAllocationFree":2,"tokenAllocationPaid":2,"lifetimeGenerationsByModel":[]}""", Row(1));
        Assert.Equal("""{"tier":"PREMIUM","generationsPerDay":5,"lifetimeGenerations":null,"downloadsPerDay":25,"sharesPerDay":15,"lifetimeShares":null,"watermarkedShares":false,"tools":["PIXEL_BASIC","MUSIC_GENERATOR","GHOST_STUDIO","NOVA_POST","NEXUS_MODE"],"tokenAllocation":5,"tokenAllocationFree":1,"tokenAllocationPaid":4,"lifetimeGenerationsByModel":[]}""", Row(2));
        Assert.Equal("""{"tier":"ENTERPRISE","generationsPerDay":null,"lifetimeGenerations":null,"downloadsPerDay":null,"sharesPerDay":null,"lifetimeShares":null,"watermarkedShares":false,"tools":["PIXEL_BASIC","MUSIC_GENERATOR","GHOST_STUDIO","NOVA_POST","NEXUS_MODE","ADMIN_PANEL"],"tokenAllocation":100,"tokenAllocationFree":0,"tokenAllocationPaid":100,"lifetimeGenerationsByModel":[]}""", Row(3));
    }

    [Fact]
    public async Task TokenPool_WithoutADate_IsTodaysUtcPool_WithTheConfiguredBases()
    {
        var clock = ManualClock.OnAFreshDay();
        using var client = api.WithClock(clock).CreateClient();

        var response = await client.PostAsync("{ tokenPool { date uniqueClients free { base contributed capacity reserved used remaining } paid { base capacity remaining } } }");

        var pool = response.Data!["tokenPool"]!;
        Assert.Equal(clock.GetUtcNow().ToString("yyyy-MM-dd"), pool["date"]!.GetValue<string>());
        Assert.Equal(0, pool["uniqueClients"]!.GetValue<int>());
        Assert.Equal("""{"base":1000,"contributed":0,"capacity":1000,"reserved":0,"used":0,"remaining":1000}""", pool["free"]!.ToJsonString());
        Assert.Equal("""{"base":2000,"capacity":2000,"remaining":2000}""", pool["paid"]!.ToJsonString());
    }

    [Fact]
    public async Task TokenPool_ForAGivenDate_AnswersThatDay_AndFollowsPoolBaseSettings()
    {
        using var client = api.With(("POOL_FREE_BASE", "10"), ("POOL_PAID_BASE", "20")).CreateClient();

        var response = await client.PostAsync("query($d: Date) { tokenPool(date: $d) { date free { capacity } paid { capacity } } }", new { d = "2026-01-31" });

        Assert.Equal("""{"date":"2026-01-31","free":{"capacity":10},"paid":{"capacity":20}}""", response.Data!["tokenPool"]!.ToJsonString());
    }

    [Fact]
    public async Task TokenPool_WithAMalformedDateVariable_Is400_NamingTheVariable()
    {
        var response = await _client.PostAsync("query($d: Date) { tokenPool(date: $d) { date } }", new { d = "31/01/2026" });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("BAD_USER_INPUT", response.FirstErrorCode);
        Assert.Contains("$d", response.FirstErrorMessage);
    }

    [Fact]
    public async Task Query_OverGet_WithThePreflightHeader_IsServed()
    {
        var response = await _client.GetQueryAsync("{ plans { tier } }");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(4, response.Data!["plans"]!.AsArray().Count);
    }

    [Fact]
    public async Task Query_OverGet_WithVariables_IsServed()
    {
        var response = await _client.GetQueryAsync("query($d: Date) { tokenPool(date: $d) { date } }", variables: """{"d":"2026-02-01"}""");

        Assert.Equal("2026-02-01", response.Data!["tokenPool"]!["date"]!.GetValue<string>());
    }

    [Fact]
    public async Task RepeatedQuery_IsAnsweredTheSame_FromTheDocumentCache()
    {
        var first = await _client.PostAsync("{ plans { tier } }");
        var second = await _client.PostAsync("{ plans { tier } }");

        Assert.Equal(first.Body!.ToJsonString(), second.Body!.ToJsonString());
        Assert.IsType<JsonArray>(second.Data!["plans"]);
    }
}
