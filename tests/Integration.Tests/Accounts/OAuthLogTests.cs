using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Accounts;

/// <summary>No log line carries a client secret, an authorization code, a PKCE verifier or a provider's access token.</summary>
[Collection(ApiCollection.Name)]
public sealed class OAuthLogTests(ApiFactory api) : IDisposable
{
    private const string SignIn = """
        mutation($input: SignInWithOAuthInput!) { signInWithOAuth(input: $input) { accessToken errors { code message } } }
        """;

    private readonly OAuthProvidersFake _providers = new();

    public void Dispose() => _providers.Dispose();

    [Fact]
    public async Task ProviderErrors_5xxTimeoutsAndRejectedCodes_OfAllThreeProviders_LogNoSecretCodeVerifierOrToken()
    {
        var logs = new CapturedLogs();
        await using var server = logs.On(api.With([.. _providers.Settings, ("OAUTH_HTTP_TIMEOUT_SECONDS", "1")]));
        var client = server.CreateClient();
        var cases = new List<(string Provider, string Code, string Verifier, string Expected)>();
        foreach (var provider in new[] { "google", "facebook", "tiktok" })
        {
            var (down, slow, rejected, profileDown) = (Code(), Code(), Code(), Code());
            _providers.TokenEndpointIsDown(provider, down);
            _providers.TokenEndpointIsSlow(provider, slow, TimeSpan.FromSeconds(3));
            _providers.TokenEndpointRejects(provider, rejected);
            _providers.ProfileEndpointIsDown(provider, profileDown);
            cases.AddRange([
                (provider, down, Verifier(), "OAUTH_PROVIDER_UNAVAILABLE"), (provider, slow, Verifier(), "OAUTH_PROVIDER_UNAVAILABLE"),
                (provider, rejected, Verifier(), "OAUTH_CODE_REJECTED"), (provider, profileDown, Verifier(), "OAUTH_PROVIDER_UNAVAILABLE")]);
        }

        var answers = await Task.WhenAll(cases.Select(c => client.PostAsync(SignIn, new
        {
            input = new { provider = c.Provider.ToUpperInvariant(), code = c.Code, redirectUri = "https://app.son1kvers3.test/auth/callback", codeVerifier = c.Verifier },
        })));

        // No secret in any line…
        string[] secrets = ["google-secret", "facebook-secret", "tiktok-secret",
            .. cases.Select(c => c.Code), .. cases.Select(c => c.Verifier), .. cases.Select(c => OAuthProvidersFake.AccessTokenFor(c.Code))];
        var leaks = logs.Lines.SelectMany(l => secrets.Where(s => l.Text.Contains(s)).Select(s => $"{s} in [{l.Category}] {l.Text}")).ToList();
        Assert.True(leaks.Count == 0, "Secrets in the logs:\n" + string.Join('\n', leaks));

        // …though the capture saw the failures (so the check above is not vacuous), and each path answered as it should.
        Assert.Contains(logs.Lines, l => l.Text.Contains("answered 503"));
        Assert.Contains(logs.Lines, l => l.Text.Contains("could not be reached"));

        for (var i = 0; i < cases.Count; i++)
        {
            Assert.Equal(cases[i].Expected, answers[i].Data!["signInWithOAuth"]!["errors"]![0]!["code"]!.GetValue<string>());
        }
    }

    private static string Code() => "code" + Guid.NewGuid().ToString("N");

    private static string Verifier() => "verifier" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
}
