using System.Net;
using System.Net.Http.Json;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Http;

/// <summary>What client developers trip over: trace ids, Retry-After from browsers, when quotas reset, Relay page info.</summary>
[Collection(ApiCollection.Name)]
public class ClientDeveloperErrorsTests(ApiFactory api)
{
    [Fact]
    public async Task EveryKindOfErrorResponse_CarriesATraceId_ThatTheServersLogLineForThatRequestNames()
    {
        var logs = new CapturedLogs();
        await using var server = logs.On(api);
        var client = server.CreateClient();

        var parseError = await client.PostAsync("{ plans { tier }");
        var problem = await client.PostPersistedAsync(PersistedOps.Sha256(PersistedOps.Unique("{ plans { tier } }")));
        var fieldError = await client.PostAsync("{ myGenerations(first: 1) { totalCount } }");
        await using var ws = await WsClient.InitAsync(server);
        await ws.SendAsync(new { id = "x", type = "subscribe", payload = new { documentId = "sha256:" + new string('a', 64) } });
        var socketError = await ws.ReceiveAsync();

        foreach (var response in new[] { parseError, problem })
        {
            var traceId = response.Errors![0]!["extensions"]!["traceId"]!.GetValue<string>();
            Assert.False(string.IsNullOrEmpty(traceId));
            Assert.Contains(logs.Lines, l => l.Message.Contains("GraphQL request refused") && l.Message.Contains(traceId));
        }

        var fieldTrace = fieldError.Errors![0]!["extensions"]!["traceId"]!.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(fieldTrace));
        Assert.NotEqual(parseError.Errors![0]!["extensions"]!["traceId"]!.GetValue<string>(), fieldTrace);
        Assert.False(string.IsNullOrEmpty(socketError!["payload"]![0]!["extensions"]!["traceId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ARateLimitedRequest_CarriesRetryAfterSecondsInItsError_AndBrowsersMayReadTheRetryAfterHeader()
    {
        await using var server = api.With(("RATE_LIMIT_REQUESTS_PER_MINUTE", "2"));
        var client = server.CreateClient();
        var address = $"192.0.2.{Random.Shared.Next(1, 255)}";
        await RateLimitWindow.AwayFromItsEndAsync();

        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query = "{ plans { tier } }" }) };
            request.Headers.Add("Origin", "https://app.son1kvers3.test");
            request.Headers.Add("X-Forwarded-For", address);
            last = await client.SendAsync(request);
        }

        var body = System.Text.Json.Nodes.JsonNode.Parse(await last!.Content.ReadAsStringAsync())!;
        var extensions = body["errors"]![0]!["extensions"]!;
        Assert.Equal(HttpStatusCode.TooManyRequests, last.StatusCode);
        Assert.Equal("RATE_LIMITED", extensions["code"]!.GetValue<string>());
        Assert.Equal(int.Parse(last.Headers.GetValues("Retry-After").Single()), extensions["retryAfterSeconds"]!.GetValue<int>());
        Assert.Contains("Retry-After", last.Headers.GetValues("Access-Control-Expose-Headers").SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries)));
    }

    private const string Create = "mutation($input: CreateGenerationInput!) { createGeneration(input: $input) { generation { id } errors { code ... on MutationError { resetsAt } } } }";

    [Fact]
    public async Task QuotaErrors_SayWhenTheyReset_ADailyOneAtTheNextUtcMidnight_ALifetimeOneNever()
    {
        var client = api.CreateClient();
        var (pro, free) = (await client.RegisterAsync(), await client.RegisterAsync());
        await Seed.SetTierAsync(api, pro.Email, Domain.Plans.Tier.Pro);
        for (var i = 0; i < 4; i++)
        {
            await client.CreateOkAsync(pro.AccessToken, new { model = "V3_5", prompt = $"daily {i}" });
        }

        for (var i = 0; i < 2; i++)
        {
            await client.CreateOkAsync(free.AccessToken, new { model = "V5", prompt = $"lifetime {i}" });
        }

        var daily = (await client.PostAsAsync(pro.AccessToken, Create, new { input = new { model = "V3_5", prompt = "one more" } })).Data!["createGeneration"]!["errors"]![0]!;
        var lifetime = (await client.PostAsAsync(free.AccessToken, Create, new { input = new { model = "V5", prompt = "one more" } })).Data!["createGeneration"]!["errors"]![0]!;

        Assert.Equal("QUOTA_EXCEEDED", daily["code"]!.GetValue<string>());
        Assert.Equal(DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(1), DateTimeOffset.Parse(daily["resetsAt"]!.GetValue<string>()).UtcDateTime);
        Assert.Equal("MODEL_QUOTA_EXCEEDED", lifetime["code"]!.GetValue<string>());
        Assert.Null(lifetime["resetsAt"]);
    }

    [Fact]
    public async Task MyGenerations_PageInfo_HasTheFullRelayShape_OnBothPages()
    {
        var client = api.CreateClient();
        var user = await client.RegisterAsync();
        await Seed.SetTierAsync(api, user.Email, Domain.Plans.Tier.Pro);
        for (var i = 0; i < 3; i++)
        {
            await client.CreateOkAsync(user.AccessToken, new { model = "V5", prompt = $"page {i}" });
        }

        const string Page = "query($after: String) { myGenerations(first: 2, after: $after) { edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }";
        var first = (await client.PostAsAsync(user.AccessToken, Page, new { after = (string?)null })).Data!["myGenerations"]!;
        var end = first["pageInfo"]!["endCursor"]!.GetValue<string>();
        var second = (await client.PostAsAsync(user.AccessToken, Page, new { after = end })).Data!["myGenerations"]!;

        Assert.Equal((true, false), (first["pageInfo"]!["hasNextPage"]!.GetValue<bool>(), first["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>()));
        Assert.Equal(first["edges"]![0]!["cursor"]!.GetValue<string>(), first["pageInfo"]!["startCursor"]!.GetValue<string>());
        Assert.Equal(first["edges"]![1]!["cursor"]!.GetValue<string>(), end);
        Assert.Equal((false, true), (second["pageInfo"]!["hasNextPage"]!.GetValue<bool>(), second["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>()));
        Assert.Equal(second["edges"]![0]!["cursor"]!.GetValue<string>(), second["pageInfo"]!["startCursor"]!.GetValue<string>());
    }
}
