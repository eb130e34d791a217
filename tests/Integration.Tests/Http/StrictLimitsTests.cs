using System.Net;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Http;

/// <summary>The configurable limits, on a server started with small ones.</summary>
[Collection(ApiCollection.Name)]
public class StrictLimitsTests(ApiFactory api)
{
    private readonly HttpClient _client = api.With(
        ("GRAPHQL_MAX_COMPLEXITY", "20"),
        ("GRAPHQL_MAX_REQUEST_BYTES", "2048"),
        ("GRAPHQL_INTROSPECTION", "false")).CreateClient();

    [Fact]
    public async Task TooComplexQuery_IsRefused_BeforeRunning()
    {
        var response = await _client.PostAsync("{ plans { tier tools generationsPerDay downloadsPerDay sharesPerDay tokenAllocation } }");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("QUERY_TOO_COMPLEX", response.FirstErrorCode);
        Assert.Contains("complexity", response.FirstErrorMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task BodyOverTheLimit_Is413()
    {
        var response = await _client.PostAsync("{ plans { tier } }" + new string(' ', 4096));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        Assert.Contains("2048 bytes", response.FirstErrorMessage);
    }

    [Fact]
    public async Task Introspection_WhenDisabled_IsRefused_ButTypenameStillWorks()
    {
        var refused = await _client.PostAsync("{ __schema { types { name } } }");
        var typename = await _client.PostAsync("{ __typename }");

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("INTROSPECTION_DISABLED", refused.FirstErrorCode);
        Assert.Equal("Query", typename.Data!["__typename"]!.GetValue<string>());
    }

    [Fact]
    public async Task TypenameCostsOne_SoTwentyOneOfThemExceedAComplexityOf20()
    {
        var response = await _client.PostAsync("{ __typename" + string.Concat(Enumerable.Range(0, 20).Select(i => $" t{i}: __typename")) + " }");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("QUERY_TOO_COMPLEX", response.FirstErrorCode);
    }

    [Fact]
    public async Task UnknownField_WithIntrospectionOff_GetsNoDidYouMeanSuggestion()
    {
        var response = await _client.PostAsync("{ plan { tier } }");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", response.FirstErrorCode);
        Assert.Contains("'plan'", response.FirstErrorMessage);
        Assert.DoesNotContain("Did you mean", response.FirstErrorMessage);
        Assert.DoesNotContain("plans", response.FirstErrorMessage);
    }
}
