using System.Diagnostics;
using Son1kVers3.GraphQL.Hosting;
using Son1kVers3.Integration.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Son1kVers3.Integration.Tests.Deploy;

/// <summary>
/// The Dockerfile's HEALTHCHECK runs <c>dotnet Son1kVers3.GraphQL.dll --healthcheck</c> (the runtime
/// image has no curl or wget): it must exit 0 only when /health/live on PORT answers 2xx.
/// </summary>
public class ContainerHealthCheckTests
{
    [Fact]
    public async Task HealthCheck_WhenLiveAnswers200_ExitsZero()
    {
        using var server = await ServerAnsweringLiveAsync(200);

        var (exitCode, output) = await RunProbeAsync(server.Port);

        Assert.True(exitCode == 0, output);
        Assert.Contains($"127.0.0.1:{server.Port}/health/live: 200", output);
    }

    [Fact]
    public async Task HealthCheck_WhenLiveAnswers503_ExitsOne()
    {
        using var server = await ServerAnsweringLiveAsync(503);

        var (exitCode, output) = await RunProbeAsync(server.Port);

        Assert.True(exitCode == 1, output);
    }

    [Fact]
    public async Task HealthCheck_WhenNothingListens_ExitsOne()
    {
        var (exitCode, output) = await RunProbeAsync(ServerProcess.FreePort());

        Assert.True(exitCode == 1, output);
    }

    [Theory]
    [InlineData(null, "4000", "http://127.0.0.1:4000/health/live")]
    [InlineData("0.0.0.0", null, "http://127.0.0.1:3001/health/live")]
    [InlineData("::", "8080", "http://127.0.0.1:8080/health/live")]
    [InlineData("10.1.2.3", "3001", "http://10.1.2.3:3001/health/live")]
    [InlineData("fd00::5", "3001", "http://[fd00::5]:3001/health/live")]
    public void ProbeUrl_ListeningOnEveryAddress_AsksLoopback_ElseTheNamedAddress(string? host, string? port, string expected)
    {
        Assert.Equal(expected, HealthProbe.ProbeUrl(host, port).ToString());
    }

    private static async Task<WireMockServer> ServerAnsweringLiveAsync(int status)
    {
        var server = WireMockServer.Start();
        server.Given(Request.Create().WithPath("/health/live").UsingGet()).RespondWith(Response.Create().WithStatusCode(status));
        // Warmed up, so the probe's own timeout measures the probe and not WireMock's first request.
        using var warmUp = new HttpClient();
        (await warmUp.GetAsync(new Uri(server.Url + "/health/live"))).Dispose();
        return server;
    }

    private static async Task<(int ExitCode, string Output)> RunProbeAsync(int port)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Son1kVers3.GraphQL.dll"));
        start.ArgumentList.Add(HealthProbe.Argument);
        start.Environment["HOST"] = "0.0.0.0";
        start.Environment["PORT"] = port.ToString();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
