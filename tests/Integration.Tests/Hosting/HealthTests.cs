using System.Net;
using System.Text.Json.Nodes;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Hosting;

[Collection(ApiCollection.Name)]
public class HealthTests(ApiFactory api)
{
    [Fact]
    public async Task Health_With_PostgresAndRedisUp_Is200()
    {
        var response = await api.CreateClient().GetAsync("/health");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", body["checks"]!["postgres"]!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", body["checks"]!["redis"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Health_WithRedisNotAnswering_Is200Degraded_NamingRedis()
    {
        using var client = api.With(("REDIS_URL", "redis://127.0.0.1:1")).CreateClient();

        var response = await client.GetAsync("/health");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        // The server still serves without Redis (issue 9, item 12): degraded, not down.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Degraded", body["status"]!.GetValue<string>());
        Assert.Equal("Degraded", body["checks"]!["redis"]!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", body["checks"]!["postgres"]!["status"]!.GetValue<string>());
    }
}
