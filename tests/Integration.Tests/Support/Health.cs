using System.Net;
using System.Text.Json.Nodes;

namespace Son1kVers3.Integration.Tests.Support;

/// <summary>Reads GET /health.</summary>
public static class Health
{
    public static async Task<(HttpStatusCode Status, JsonNode Body)> GetHealthAsync(this HttpClient client)
    {
        var response = await client.GetAsync("/health");
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    /// <summary>The status of one check (postgres, redis).</summary>
    public static string CheckStatus(this JsonNode health, string check) => health["checks"]![check]!["status"]!.GetValue<string>();

    /// <summary>Polls /health until the check has the status, within the timeout.</summary>
    public static async Task<JsonNode> WaitForCheckAsync(this HttpClient client, string check, string status, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var (_, body) = await client.GetHealthAsync();
            if (body.CheckStatus(check) == status)
            {
                return body;
            }

            Assert.True(DateTime.UtcNow < deadline, $"/health did not report {check} {status} within {seconds} s: {body.ToJsonString()}");
            await Task.Delay(200);
        }
    }
}
