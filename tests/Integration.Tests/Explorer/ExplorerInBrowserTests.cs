using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Explorer;

/// <summary>
/// The GraphiQL explorer in a real browser: Debian's headless Chromium, driven by playwright-core
/// (tests/browser/explorer.mjs), against the server as a separate process, with every request
/// that leaves the loopback blocked, so the page works from this server's own assets alone.
/// </summary>
[Collection(ApiCollection.Name)]
public class ExplorerInBrowserTests(ApiFactory api)
{
    private const string RegisterClient = "mutation($input: RegisterClientInput!) { registerClient(input: $input) { newToday errors { code } } }";

    [Fact]
    public async Task TheExplorer_ValidatesInItsWorker_RunsATypedQuery_SendsTheHeadersTabsToken_AndShowsASubscriptionEvent_WithNoConsoleError()
    {
        Assert.True(File.Exists("/usr/bin/chromium"), "Chromium is not installed: ./test.sh installs Debian's chromium package.");
        await using var server = await ServerProcess.StartAsync(api, ("GRAPHQL_EXPLORER", "true"));
        // A short address: the response pane wraps long lines, and the script reads the pane's text.
        var user = await server.Client.RegisterAsync($"e{Guid.NewGuid():N}"[..9] + "@son1kvers3.com");
        await using var browser = NodeScript.Start(
            Path.Combine("tests", "browser"), "explorer.mjs", "playwright-core", server.Client.BaseAddress!.ToString().TrimEnd('/'), user.AccessToken, user.Email);
        var timeout = TimeSpan.FromSeconds(120);

        var loaded = await browser.StepAsync("loaded", timeout);
        var validated = await browser.StepAsync("validated", timeout);
        var query = await browser.StepAsync("query", timeout);
        var signedIn = await browser.StepAsync("signedIn", timeout);
        var subscribed = await browser.StepAsync("subscribed", timeout);
        var registered = await server.Client.PostAsAsync(null, RegisterClient, new { input = new { installId = Guid.NewGuid().ToString(), userAgent = "Mozilla/5.0 (explorer test)" } }, forwardedFor: "198.51.100.77");
        var next = await browser.StepAsync("event", timeout);
        var done = await browser.StepAsync("done", timeout);

        Assert.Equal("'self'", ContentSecurityPolicy.Directive(loaded["csp"]!.GetValue<string>(), "script-src"));
        Assert.Contains("/graphql/explorer/graphql.worker.js", validated["workers"]!.AsArray().Select(w => w!.GetValue<string>()));
        Assert.Contains("FREE", query["tiers"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(user.Email, signedIn["email"]!.GetValue<string>());
        Assert.True(registered.Data!["registerClient"]!["newToday"]!.GetValue<bool>(), registered.Body!.ToJsonString());
        Assert.True(next["uniqueClients"]!.GetValue<int>() > subscribed["uniqueClients"]!.GetValue<int>(), browser.Output);
        Assert.Equal($"Bearer {user.AccessToken}", next["connectionParams"]?["Authorization"]?.GetValue<string>());
        Assert.Empty(done["consoleErrors"]!.AsArray());
        Assert.Empty(done["blocked"]!.AsArray());
    }
}
