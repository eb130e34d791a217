using System.Net;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Http;

/// <summary>The GraphQL-over-HTTP spec's rules for methods, media types and status codes.</summary>
[Collection(ApiCollection.Name)]
public class GraphQLOverHttpSpecTests(ApiFactory api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Mutation_OverGet_Is405_AllowingPost()
    {
        var response = await _client.GetQueryAsync("mutation { anything }");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
        Assert.Equal("POST", response.Raw.Content.Headers.Allow.Single());
        Assert.Equal("METHOD_NOT_ALLOWED", response.FirstErrorCode);
    }

    [Fact]
    public async Task OtherMethods_Are405_AllowingGetAndPost()
    {
        var response = await _client.PutAsync("/graphql", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "POST"], response.Content.Headers.Allow.SelectMany(a => a.Split(", ")).ToArray());
    }

    [Fact]
    public async Task MalformedJson_Is400_SayingWhy()
    {
        var response = await _client.PostRawAsync("""{"query": "{ plans { tier } }" """);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("BAD_REQUEST", response.FirstErrorCode);
        Assert.StartsWith("The request body is not valid JSON", response.FirstErrorMessage);
    }

    [Theory]
    [InlineData("""{"operationName": null}""", "no 'query'")]
    [InlineData("""{"query": 42}""", "'query' must be a string")]
    [InlineData("""{"query": "{ plans { tier } }", "variables": [1]}""", "'variables' must be a JSON object")]
    [InlineData("""{"query": "{ plans { tier } }", "operationName": 7}""", "'operationName' must be a string")]
    [InlineData("""[{"query": "{ plans { tier } }"}]""", "Batched requests")]
    [InlineData("\"just a string\"", "must be a JSON object")]
    public async Task MalformedRequest_Is400_NamingTheProblem(string body, string expected)
    {
        var response = await _client.PostRawAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains(expected, response.FirstErrorMessage);
    }

    [Fact]
    public async Task UnknownField_Is400_NamingTheField()
    {
        var response = await _client.PostAsync("{ noSuchField }");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("application/graphql-response+json", response.ContentType);
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", response.FirstErrorCode);
        Assert.Contains("noSuchField", response.FirstErrorMessage);
        Assert.Null(response.Data);
    }

    [Fact]
    public async Task UnknownField_WithAcceptApplicationJson_Is200_WithTheSameError()
    {
        var response = await _client.PostAsync("{ noSuchField }", accept: "application/json");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json", response.ContentType);
        Assert.Contains("noSuchField", response.FirstErrorMessage);
    }

    [Fact]
    public async Task SyntaxError_Is400_WithParseFailed()
    {
        var response = await _client.PostAsync("{ plans { tier }");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("GRAPHQL_PARSE_FAILED", response.FirstErrorCode);
    }

    [Fact]
    public async Task UnsupportedContentType_Is415()
    {
        var response = await _client.PostRawAsync("query={plans{tier}}", "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.Status);
        Assert.Contains("application/json", response.FirstErrorMessage);
    }

    [Fact]
    public async Task AcceptOfNothingWeServe_Is406()
    {
        var response = await _client.PostAsync("{ plans { tier } }", accept: "text/csv");

        Assert.Equal(HttpStatusCode.NotAcceptable, response.Status);
    }

    [Theory]
    [InlineData("application/json;q=0.5, application/graphql-response+json", "application/graphql-response+json")]
    [InlineData("application/graphql-response+json;q=0.2, application/json", "application/json")]
    [InlineData("*/*", "application/graphql-response+json")]
    public async Task Accept_IsNegotiatedByQuality(string accept, string expected)
    {
        var response = await _client.PostAsync("{ plans { tier } }", accept: accept);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(expected, response.ContentType);
    }

    [Fact]
    public async Task QueryOverGet_WithoutAPreflightHeader_IsServed_BecauseBearerTokensCarryNoAmbientAuthority()
    {
        var response = await _client.GetQueryAsync("{ plans { tier } }", preflight: false);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(4, response.Data!["plans"]!.AsArray().Count);
    }

    [Fact]
    public async Task MutationOverGet_WithoutAPreflightHeader_Is405_AllowingPost()
    {
        var response = await _client.GetQueryAsync("mutation { logout(input: { refreshToken: \"x\" }) { ok } }", preflight: false);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
        Assert.Equal("POST", response.Raw.Content.Headers.Allow.Single());
    }

    [Fact]
    public async Task Get_WithoutAPreflightHeader_IsBlocked_WhenTheServerRequiresPreflight()
    {
        using var client = api.With(("GRAPHQL_REQUIRE_PREFLIGHT", "true")).CreateClient();

        var blocked = await client.GetQueryAsync("{ plans { tier } }", preflight: false);
        var allowed = await client.GetQueryAsync("{ plans { tier } }", preflight: true);

        Assert.Equal(HttpStatusCode.BadRequest, blocked.Status);
        Assert.Equal("CSRF_BLOCKED", blocked.FirstErrorCode);
        Assert.Contains("GraphQL-Require-Preflight", blocked.FirstErrorMessage);
        Assert.Equal(HttpStatusCode.OK, allowed.Status);
    }

    [Fact]
    public async Task UnknownField_WithIntrospectionOn_SuggestsTheRightName()
    {
        var response = await _client.PostAsync("{ plan { tier } }");

        Assert.Contains("Did you mean 'plans'", response.FirstErrorMessage);
    }

    [Fact]
    public async Task Subscription_OverHttp_Is400_PointingToWebSocket()
    {
        var response = await _client.PostAsync("subscription { anything }");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("WebSocket", response.FirstErrorMessage);
    }

    [Fact]
    public async Task TooDeepQuery_IsRefused_WithTheDepthInTheMessage()
    {
        var response = await _client.PostAsync(
            "{ __type(name: \"Plan\") { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } } } } }");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("QUERY_TOO_COMPLEX", response.FirstErrorCode);
        Assert.Contains("depth", response.FirstErrorMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TheStandardIntrospectionQuery_IsServed()
    {
        var response = await _client.PostAsync(IntrospectionQuery.Text);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Null(response.Errors);
        Assert.Contains(response.Data!["__schema"]!["types"]!.AsArray(), t => t!["name"]!.GetValue<string>() == "TokenPool");
    }

    [Fact]
    public async Task Explorer_IsServedToBrowsers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        request.Headers.Add("Accept", "text/html,application/xhtml+xml");
        var response = await api.With(("GRAPHQL_EXPLORER", "true")).CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("graphiql", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Cors_AllowsTheConfiguredOrigin_Only()
    {
        async Task<string?> PreflightAsync(string origin)
        {
            using var request = new HttpRequestMessage(HttpMethod.Options, "/graphql");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "content-type");
            var response = await _client.SendAsync(request);
            return response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;
        }

        Assert.Equal("https://app.son1kvers3.test", await PreflightAsync("https://app.son1kvers3.test"));
        Assert.Null(await PreflightAsync("https://evil.example"));
    }
}
