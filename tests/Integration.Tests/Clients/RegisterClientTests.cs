using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Clients;

[Collection(ApiCollection.Name)]
public class RegisterClientTests(ApiFactory api)
{
    private const string Register = """
        mutation($input: RegisterClientInput!) {
          registerClient(input: $input) { newToday pool { date uniqueClients free { contributed capacity } paid { contributed capacity } } errors { code message } }
        }
        """;

    private static async Task<JsonNode> RegisterAsync(HttpClient client, string installId, string address, string? country = null, string? city = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = JsonContent.Create(new { query = Register, variables = new { input = new { installId, userAgent = "Mozilla/5.0 (test)" } } }),
        };
        request.Headers.Add("X-Forwarded-For", address);
        if (country is not null)
        {
            request.Headers.Add("CF-IPCountry", country);
        }

        if (city is not null)
        {
            request.Headers.Add("X-City", city);
        }

        var body = JsonNode.Parse(await (await client.SendAsync(request)).Content.ReadAsStringAsync())!;
        return body["data"]!["registerClient"]!;
    }

    private static string NewInstallId() => Guid.NewGuid().ToString();

    private static string Address(int i) => $"203.0.113.{i}";

    [Fact]
    public async Task HundredNewClients_FromSeveralAddresses_RaiseUBy100_AndTheBucketsBy700And300()
    {
        using var client = api.WithClock(ManualClock.OnAFreshDay()).CreateClient();
        var first = await RegisterAsync(client, NewInstallId(), Address(1));
        var before = first["pool"]!;

        for (var i = 0; i < 99; i++)
        {
            Assert.True((await RegisterAsync(client, NewInstallId(), Address(2 + (i % 10))))["newToday"]!.GetValue<bool>());
        }

        var after = (await RegisterAsync(client, NewInstallId(), Address(1)))["pool"]!;
        Assert.Equal(1, before["uniqueClients"]!.GetValue<int>());
        Assert.Equal(101, after["uniqueClients"]!.GetValue<int>());
        Assert.Equal(700, after["free"]!["contributed"]!.GetValue<int>() - before["free"]!["contributed"]!.GetValue<int>());
        Assert.Equal(300, after["paid"]!["contributed"]!.GetValue<int>() - before["paid"]!["contributed"]!.GetValue<int>());
        Assert.Equal(1000 + 7 * 101, after["free"]!["capacity"]!.GetValue<int>());
        Assert.Equal(2000 + 3 * 101, after["paid"]!["capacity"]!.GetValue<int>());
    }

    [Fact]
    public async Task AReturningClient_CountsOncePerDay_AndAgainTheNextDay()
    {
        var clock = ManualClock.OnAFreshDay();
        using var client = api.WithClock(clock).CreateClient();
        var installId = NewInstallId();

        var first = await RegisterAsync(client, installId, Address(20));
        var again = await RegisterAsync(client, installId, Address(21));
        clock.Advance(TimeSpan.FromDays(1));
        var nextDay = await RegisterAsync(client, installId, Address(20));

        Assert.True(first["newToday"]!.GetValue<bool>());
        Assert.False(again["newToday"]!.GetValue<bool>());
        Assert.Equal(1, again["pool"]!["uniqueClients"]!.GetValue<int>());
        Assert.True(nextDay["newToday"]!.GetValue<bool>());
        Assert.Equal(1, nextDay["pool"]!["uniqueClients"]!.GetValue<int>());
        Assert.NotEqual(first["pool"]!["date"]!.GetValue<string>(), nextDay["pool"]!["date"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheDayRollsOverAtMidnightUtc()
    {
        var clock = ManualClock.OnAFreshDay();
        clock.Advance(TimeSpan.FromHours(11) + TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(59)); // 23:59:59 UTC
        using var client = api.WithClock(clock).CreateClient();
        var installId = NewInstallId();

        var beforeMidnight = await RegisterAsync(client, installId, Address(30));
        clock.Advance(TimeSpan.FromSeconds(1));
        var afterMidnight = await RegisterAsync(client, installId, Address(30));

        Assert.True(afterMidnight["newToday"]!.GetValue<bool>());
        var day = DateOnly.Parse(beforeMidnight["pool"]!["date"]!.GetValue<string>());
        Assert.Equal(day.AddDays(1), DateOnly.Parse(afterMidnight["pool"]!["date"]!.GetValue<string>()));
    }

    [Fact]
    public async Task OneAddress_MayCreateOnlyItsDailyShareOfNewClients_ButReturningClientsAndOtherAddressesAreFine()
    {
        using var client = api.WithClock(ManualClock.OnAFreshDay(), ("CLIENTS_PER_ADDRESS_PER_DAY", "3")).CreateClient();
        var known = NewInstallId();
        await RegisterAsync(client, known, Address(40));
        await RegisterAsync(client, NewInstallId(), Address(40));
        await RegisterAsync(client, NewInstallId(), Address(40));

        var fourth = await RegisterAsync(client, NewInstallId(), Address(40));
        var returning = await RegisterAsync(client, known, Address(40));
        var elsewhere = await RegisterAsync(client, NewInstallId(), Address(41));

        Assert.Equal("CLIENT_LIMIT", fourth["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Contains("3 new app installations today", fourth["errors"]![0]!["message"]!.GetValue<string>());
        Assert.Empty(returning["errors"]!.AsArray());
        Assert.Empty(elsewhere["errors"]!.AsArray());
    }

    [Fact]
    public async Task ConcurrentNewClientsFromOneAddress_NeverOvershootTheLimit()
    {
        using var client = api.WithClock(ManualClock.OnAFreshDay(), ("CLIENTS_PER_ADDRESS_PER_DAY", "5")).CreateClient();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => RegisterAsync(client, NewInstallId(), Address(50))));

        Assert.Equal(5, results.Count(r => r["errors"]!.AsArray().Count == 0));
        Assert.Equal(15, results.Count(r => r["errors"]!.AsArray().FirstOrDefault()?["code"]?.GetValue<string>() == "CLIENT_LIMIT"));
    }

    [Fact]
    public async Task AShortInstallId_IsValidation_NamingIt()
    {
        var result = await RegisterAsync(api.CreateClient(), "abc", Address(60));

        Assert.Equal("VALIDATION", result["errors"]![0]!["code"]!.GetValue<string>());
        Assert.StartsWith("installId", result["errors"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Analytics_CountsClientsByCountryAndCity_WithUnknownWhenTheEdgeSaysNothing()
    {
        await api.ResetDataAsync();
        var clock = ManualClock.OnAFreshDay();
        using var client = api.WithClock(clock).CreateClient();
        await RegisterAsync(client, NewInstallId(), Address(70), "PE", "Lima");
        await RegisterAsync(client, NewInstallId(), Address(71), "PE", "Cusco");
        await RegisterAsync(client, NewInstallId(), Address(72), "MX", "Lima");
        await RegisterAsync(client, NewInstallId(), Address(73));
        var admin = await client.LoginAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword);

        var stats = (await client.PostAsAsync(admin.AccessToken,
            "{ analytics { clients { total activeToday newToday byCountry { key count } byCity { key count } daily(days: 3) { date count } } overview { usersByTier { key count } generationsToday generationsByStatus { key count } } } }"))
            .Data!["analytics"]!;

        var clients = stats["clients"]!;
        Assert.Equal(4, clients["total"]!.GetValue<int>());
        Assert.Equal(4, clients["activeToday"]!.GetValue<int>());
        Assert.Equal(4, clients["newToday"]!.GetValue<int>());
        Assert.Equal("""[{"key":"PE","count":2},{"key":"MX","count":1},{"key":"Unknown","count":1}]""", clients["byCountry"]!.ToJsonString());
        Assert.Equal("""[{"key":"Lima","count":2},{"key":"Cusco","count":1},{"key":"Unknown","count":1}]""", clients["byCity"]!.ToJsonString());
        Assert.Equal([0, 0, 4], clients["daily"]!.AsArray().Select(d => d!["count"]!.GetValue<int>()));
        Assert.Contains("""{"key":"FREE","count":1}""", stats["overview"]!["usersByTier"]!.ToJsonString());
        Assert.Equal(0, stats["overview"]!["generationsToday"]!.GetValue<int>()); // the data was reset: no generations
        Assert.Equal(7, stats["overview"]!["generationsByStatus"]!.AsArray().Count);
    }
}
