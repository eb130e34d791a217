using System.Net;
using Microsoft.Extensions.Configuration;
using Son1kVers3.Application.Common;
using Son1kVers3.GraphQL.Explorer;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Explorer;

/// <summary>The explorer page at GET /graphql for browsers: its policy, its switch, its assets, and GraphQL requests beside it.</summary>
[Collection(ApiCollection.Name)]
public class ExplorerPageTests(ApiFactory api)
{
    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string accept = BrowserAccept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Accept", accept);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task ThePage_LoadsItsScriptFromThisServer_UnderAPolicyWithoutInlineScriptOrEval()
    {
        var client = api.With(("GRAPHQL_EXPLORER", "true")).CreateClient();

        var page = await GetAsync(client, "/graphql");
        var html = await page.Content.ReadAsStringAsync();
        var policy = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        var script = await GetAsync(client, "/graphql/explorer/explorer.js", "*/*");
        var worker = await GetAsync(client, "/graphql/explorer/graphql.worker.js", "*/*");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script type=\"module\" src=\"/graphql/explorer/explorer.js\"></script>", html);
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("https://", html);
        Assert.Equal("'self'", ContentSecurityPolicy.Directive(policy, "script-src"));
        Assert.Equal("'self'", ContentSecurityPolicy.Directive(policy, "worker-src"));
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.Equal("'none'", ContentSecurityPolicy.Directive(policy, "default-src"));
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, worker.StatusCode);
    }

    [Fact]
    public async Task GraphQLRequests_ToTheSameUrl_AreUnaffectedByTheExplorer()
    {
        var client = api.With(("GRAPHQL_EXPLORER", "true")).CreateClient();

        var get = await GetAsync(client, "/graphql?query=" + Uri.EscapeDataString("{ plans { tier } }"), "application/graphql-response+json, text/html;q=0.9");
        var post = await client.PostAsync("{ plans { tier } }", accept: BrowserAccept + ",application/json");

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Contains("\"tier\"", await get.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, post.Status);
        Assert.NotEmpty(post.Data!["plans"]!.AsArray());
    }

    [Fact]
    public async Task WithTheExplorerOff_ABrowserGetsNoPage_AndNoAssets()
    {
        var client = api.With(("GRAPHQL_EXPLORER", "false")).CreateClient();

        var page = await GetAsync(client, "/graphql");
        var script = await GetAsync(client, "/graphql/explorer/explorer.js", "*/*");

        Assert.NotEqual("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("explorer.js", await page.Content.ReadAsStringAsync());
        Assert.NotEqual(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task WithoutBuiltAssets_ThePageIsOneLineSayingHowToBuildThem()
    {
        var empty = Directory.CreateTempSubdirectory("explorer-unbuilt-");
        try
        {
            var client = api.With(("GRAPHQL_EXPLORER", "true"), ("GRAPHQL_EXPLORER_ASSETS", empty.FullName)).CreateClient();

            var page = await GetAsync(client, "/graphql");
            var text = await page.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            Assert.Equal("text/plain", page.Content.Headers.ContentType?.MediaType);
            Assert.Single(text.TrimEnd('\n').Split('\n'));
            Assert.Contains("./scripts/build-explorer.sh", text);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(true, null, true)]
    [InlineData(false, null, false)]
    [InlineData(false, "true", true)]
    [InlineData(true, "off", false)]
    public void TheExplorer_IsOnByDefaultInDevelopmentOnly_AndGRAPHQL_EXPLORERDecides(bool isDevelopment, string? setting, bool enabled)
    {
        var reader = new SettingsReader(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["GRAPHQL_EXPLORER"] = setting }).Build());

        Assert.Equal(enabled, ExplorerSettings.Read(reader, isDevelopment).Enabled);
        Assert.Empty(reader.Errors);
    }
}
