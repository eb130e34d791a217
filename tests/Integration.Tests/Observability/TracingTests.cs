using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using OpenTelemetry.Trace;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Observability;

/// <summary>Issue 13: a span per GraphQL operation, with the PostgreSQL commands it ran as children.</summary>
[Collection(ApiCollection.Name)]
public class TracingTests(ApiFactory api)
{
    [Fact]
    public async Task AQuery_HasASpanNamedAfterTheOperation_WithAPostgreSQLChildSpan_InTheTraceOfItsHttpRequest()
    {
        var exported = new List<Activity>();
        using var client = api.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.SetSampler(new AlwaysOnSampler()).AddInMemoryExporter(exported)))).CreateClient();
        var user = await client.RegisterAsync();

        var response = await client.PostAsAsync(user.AccessToken, "query TracedMe { me { id displayName } }");

        Assert.Null(response.Errors);
        // The request's own span ends after its answer is sent, so it may reach the exporter a moment after the client has the answer.
        var spans = await SpansOnceAsync(exported, all => all.Any(o => o.DisplayName == "query TracedMe" && all.Any(s => s.SpanId == o.ParentSpanId)));

        var operation = Assert.Single(spans, s => s.DisplayName == "query TracedMe");
        Assert.Equal("TracedMe", operation.GetTagItem("graphql.operation.name"));
        Assert.Equal("query", operation.GetTagItem("graphql.operation.type"));
        var trace = spans.Where(s => s.TraceId == operation.TraceId).ToList();
        Assert.Contains(trace, s => s.Source.Name == "Npgsql" && s.ParentSpanId == operation.SpanId);
        Assert.Contains(trace, s => s.Source.Name == "Microsoft.AspNetCore" && s.SpanId == operation.ParentSpanId);
    }

    [Fact]
    public async Task AnOperation_HasRedisChildSpans_ForItsRateLimitCounters()
    {
        var exported = new List<Activity>();
        using var client = api.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.SetSampler(new AlwaysOnSampler()).AddInMemoryExporter(exported)))).CreateClient();

        var response = await client.PostAsync("query TracedPlans { plans { tier } }");

        Assert.Null(response.Errors);
        var deadline = DateTime.UtcNow.AddSeconds(15); // Redis spans are made from profiled commands, flushed every second
        while (true)
        {
            Activity[] spans;
            lock (exported)
            {
                spans = [.. exported];
            }

            var operation = Assert.Single(spans, s => s.DisplayName == "query TracedPlans");
            if (spans.Any(s => s.Source.Name.Contains("Redis", StringComparison.Ordinal) && s.ParentSpanId == operation.SpanId))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "no Redis span under the operation: " + string.Join(", ", spans.Where(s => s.TraceId == operation.TraceId).Select(s => s.Source.Name + ":" + s.DisplayName)));
            await Task.Delay(200);
        }
    }

    /// <summary>The exported spans once they satisfy <paramref name="complete"/> (or after 5 s, for the assertions to explain what is missing).</summary>
    private static async Task<Activity[]> SpansOnceAsync(List<Activity> exported, Func<List<Activity>, bool> complete)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            lock (exported)
            {
                if (complete(exported) || DateTime.UtcNow > deadline)
                {
                    return [.. exported];
                }
            }

            await Task.Delay(50);
        }
    }
}
