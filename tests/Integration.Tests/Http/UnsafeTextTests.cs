using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Http;

/// <summary>
/// NUL characters, unpaired UTF-16 surrogates and invalid UTF-8 are refused with a 400 naming
/// where they are, before anything reaches PostgreSQL, with one bounded log line (issue 9, item 6).
/// </summary>
[Collection(ApiCollection.Name)]
public class UnsafeTextTests(ApiFactory api)
{
    private const string Register = "mutation($input: RegisterInput!) { register(input: $input) { accessToken errors { code } } }";

    private readonly HttpClient _client = api.CreateClient();

    private static string RegisterBody(string displayNameJson) =>
        "{\"query\":\"" + Register + "\",\"variables\":{\"input\":{\"email\":\"" + Support.Accounts.NewEmail()
        + "\",\"password\":\"correct horse battery\",\"displayName\":" + displayNameJson + "}}}";

    [Theory]
    [InlineData("\"Nul\\u0000Name\"", "NUL character")]
    [InlineData("\"Lone\\ud800Surrogate\"", "not valid Unicode")]
    [InlineData("\"Lone\\udc00Low\"", "not valid Unicode")]
    public async Task BadTextInAVariable_Is400_NamingTheVariable(string displayName, string expected)
    {
        var response = await _client.PostRawAsync(RegisterBody(displayName));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("variables.input.displayName", response.FirstErrorMessage);
        Assert.Contains(expected, response.FirstErrorMessage);
    }

    [Fact]
    public async Task InvalidUtf8InTheBody_Is400()
    {
        var body = Encoding.UTF8.GetBytes(RegisterBody("\"Bad@Name\""));
        body[Array.IndexOf(body, (byte)'@')] = 0xFF;
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");

        var response = await _client.PostAsync("/graphql", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("{ sharedGeneration(slug: \"a\\u0000b\") { slug } }", "NUL character")]
    [InlineData("{ sharedGeneration(slug: \"a\\ud800b\") { slug } }", "unpaired UTF-16 surrogate")]
    public async Task BadTextInAStringLiteral_Is400_BeforeReachingTheDatabase(string query, string expected)
    {
        var response = await _client.PostAsync(query);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("BAD_USER_INPUT", response.FirstErrorCode);
        Assert.Contains(expected, response.FirstErrorMessage);
    }

    [Fact]
    public async Task ANulInAPostedDocument_Is400_WithOneBoundedLogLine()
    {
        var logs = new CapturedLogs();
        using var client = logs.On(api, LogLevel.Information).CreateClient();
        var query = "{ plans { tier } }\u0000" + new string('#', 20_000);

        var response = await client.PostAsync(query);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("'body.query' contains a NUL character", response.FirstErrorMessage);
        Assert.Single(logs.Lines, l => l.Message.Contains("NUL character", StringComparison.Ordinal));
        Assert.InRange(logs.Lines.Sum(l => l.Message.Length), 1, 2048 + 600);
    }

    [Fact]
    public async Task ANulInADocumentSentOverGet_Is400_WithAParseError()
    {
        var response = await _client.GetQueryAsync("{ plans { tier } }\u0000");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("GRAPHQL_PARSE_FAILED", response.FirstErrorCode);
        Assert.Contains("NUL character", response.FirstErrorMessage);
    }
}
