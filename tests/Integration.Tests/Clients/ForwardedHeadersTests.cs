using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Son1kVers3.Application.Clients;
using Son1kVers3.Infrastructure.Persistence;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Clients;

/// <summary>
/// Who the client is, by address and place, is believed from forwarding headers only when the
/// direct peer is a trusted proxy (issue 9, item 1). The in-memory server's peer is 127.0.0.1.
/// </summary>
[Collection(ApiCollection.Name)]
public class ForwardedHeadersTests(ApiFactory api)
{
    private const string Register = "mutation($input: RegisterClientInput!) { registerClient(input: $input) { newToday errors { code } } }";

    private static async Task<JsonNode> RegisterAsync(HttpClient client, string installId, string forwardedFor, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = JsonContent.Create(new { query = Register, variables = new { input = new { installId } } }),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var body = JsonNode.Parse(await (await client.SendAsync(request)).Content.ReadAsStringAsync())!;
        return body["data"]!["registerClient"]!;
    }

    private static string? ErrorCode(JsonNode result) => result["errors"]!.AsArray().FirstOrDefault()?["code"]?.GetValue<string>();

    private async Task<(string Country, string City)> StoredPlaceAsync(string installId)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var hash = RegisterClient.HashInstallId(installId);
        var row = await db.Set<Son1kVers3.Domain.Clients.Client>().Where(c => c.InstallHash == hash).Select(c => new { c.Country, c.City }).SingleAsync();
        return (row.Country, row.City);
    }

    [Fact]
    public async Task ForwardedFor_FromAnUntrustedPeer_IsIgnored_SoOneSocketCannotPoseAs30Addresses()
    {
        using var client = api.WithClock(ManualClock.OnAFreshDay(), ("TRUSTED_PROXIES", ""), ("CLIENTS_PER_ADDRESS_PER_DAY", "3")).CreateClient();

        var results = new List<JsonNode>();
        for (var i = 0; i < 30; i++)
        {
            results.Add(await RegisterAsync(client, Guid.NewGuid().ToString(), $"198.51.100.{i + 1}"));
        }

        // The whole sequence, so a failure shows what the refused registrations were told.
        string?[] expected = [.. Enumerable.Repeat<string?>(null, 3), .. Enumerable.Repeat<string?>("CLIENT_LIMIT", 27)];
        Assert.Equal(expected, results.Select(ErrorCode));
    }

    [Fact]
    public async Task TheForwardedChain_IsWalkedRightToLeft_StoppingAtTheFirstUntrustedHop()
    {
        using var client = api.WithClock(ManualClock.OnAFreshDay(), ("TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8"), ("CLIENTS_PER_ADDRESS_PER_DAY", "1")).CreateClient();

        // The client (203.0.113.9) prepends a made-up address; only the hops our proxies added are believed.
        var first = await RegisterAsync(client, Guid.NewGuid().ToString(), "192.0.2.1, 203.0.113.9, 10.1.2.3");
        var second = await RegisterAsync(client, Guid.NewGuid().ToString(), "192.0.2.2, 203.0.113.9, 10.1.2.3");
        var other = await RegisterAsync(client, Guid.NewGuid().ToString(), "192.0.2.2, 203.0.113.10, 10.1.2.3");

        Assert.Null(ErrorCode(first));
        Assert.Equal("CLIENT_LIMIT", ErrorCode(second));
        Assert.Null(ErrorCode(other));
    }

    [Fact]
    public async Task CountryAndCityHeaders_FromAnUntrustedPeer_AreStoredAsUnknown()
    {
        using var client = api.WithClock(ManualClock.OnAFreshDay(), ("TRUSTED_PROXIES", "")).CreateClient();
        var installId = Guid.NewGuid().ToString();

        await RegisterAsync(client, installId, "198.51.100.200", ("CF-IPCountry", "PE"), ("X-City", "Lima"));

        Assert.Equal(("Unknown", "Unknown"), await StoredPlaceAsync(installId));
    }

    [Theory]
    [InlineData("pe", "Lima", "PE", "Lima")]
    [InlineData("PERU", "Lima\u0001\u0007", "Unknown", "Lima")]
    [InlineData("P1", "  ", "Unknown", "Unknown")]
    public async Task CountryAndCity_FromATrustedProxy_AreBounded(string country, string city, string storedCountry, string storedCity)
    {
        using var client = api.WithClock(ManualClock.OnAFreshDay()).CreateClient();
        var installId = Guid.NewGuid().ToString();

        await RegisterAsync(client, installId, "198.51.100.201", ("CF-IPCountry", country), ("X-City", city));

        Assert.Equal((storedCountry, storedCity), await StoredPlaceAsync(installId));
    }

    [Fact]
    public async Task ACityFromATrustedProxy_IsCutTo80Characters()
    {
        using var client = api.WithClock(ManualClock.OnAFreshDay()).CreateClient();
        var installId = Guid.NewGuid().ToString();

        await RegisterAsync(client, installId, "198.51.100.202", ("CF-IPCountry", "MX"), ("CF-City", new string('x', 500)));

        Assert.Equal(("MX", new string('x', 80)), await StoredPlaceAsync(installId));
    }
}
