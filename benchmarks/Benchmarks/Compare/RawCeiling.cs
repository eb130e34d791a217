using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Son1kVers3.Benchmarks.Compare;

/// <summary>
/// The ceiling of `./bench.sh compare`: a bare ASP.NET Core endpoint that answers POST /graphql
/// with precomputed bytes (the server's own plans answer), reading and discarding the body.
/// Started as its own process: `Son1kVers3.Benchmarks raw-ceiling FILE` with PORT set.
/// </summary>
internal static class RawCeiling
{
    public static async Task RunAsync(string answerFile)
    {
        var answer = await File.ReadAllBytesAsync(answerFile);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Environment.GetEnvironmentVariable("PORT")}");
        var app = builder.Build();
        app.MapGet("/health", () => "ok");
        app.MapPost("/graphql", async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            context.Response.ContentType = "application/graphql-response+json; charset=utf-8";
            context.Response.ContentLength = answer.Length;
            await context.Response.Body.WriteAsync(answer);
        });
        await app.RunAsync();
    }
}
