using System.Net;
using Npgsql;
using Son1kVers3.Benchmarks.Faults;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Faults;

/// <summary>
/// A server whose PostgreSQL goes away (a TCP proxy in front of the shared PostgreSQL, cut by the
/// test) tells clients the truth: SERVICE_UNAVAILABLE with retryAfterSeconds, HTTP 503 with
/// Retry-After when the whole request fails, never INTERNAL_SERVER_ERROR; the plan table still
/// answers; /health/ready names postgres; and it serves again by itself once PostgreSQL is back.
/// </summary>
[Collection(ApiCollection.Name)]
public class PostgresOutageTests(ApiFactory api)
{
    [Fact]
    public async Task DuringAPostgresOutage_CreatesAndPoolReadsAnswerServiceUnavailable_PlansStillAnswer_AndAllRecoversAfter()
    {
        await using var proxy = TcpCutProxy.InFrontOfDatabase(api.ConnectionString, out var proxied);
        await using var server = api.With(("DATABASE_URL", proxied));
        var client = server.CreateClient();
        var user = await client.RegisterAsync();
        await client.CreateOkAsync(user.AccessToken, new { model = "V5", prompt = "before the outage" });

        proxy.Cut();
        var create = await client.CreateAsync(user.AccessToken, new { model = "V5", prompt = "during the outage" });
        var pool = await client.PostAsAsync(user.AccessToken, "{ tokenPool { free { capacity } } }");
        var plans = await client.PostAsync("{ plans { tier } }");
        var ready = await client.GetAsync("/health/ready");
        var readyBody = await ready.Content.ReadAsStringAsync();

        foreach (var outage in new[] { create, pool })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, outage.Status);
            Assert.Equal(TimeSpan.FromSeconds(5), outage.Raw.Headers.RetryAfter?.Delta);
            Assert.Equal("SERVICE_UNAVAILABLE", outage.FirstErrorCode);
            Assert.Equal(5, outage.Errors![0]!["extensions"]!["retryAfterSeconds"]!.GetValue<int>());
            Assert.DoesNotContain("INTERNAL_SERVER_ERROR", outage.Body!.ToJsonString());
        }

        Assert.Null(plans.Errors);
        Assert.NotEmpty(plans.Data!["plans"]!.AsArray());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("\"down\":[\"postgres\"]", readyBody);

        proxy.Restore();
        await client.CreateOkAsync(user.AccessToken, new { model = "V5", prompt = "after the outage" }); // no restart needed
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

}
