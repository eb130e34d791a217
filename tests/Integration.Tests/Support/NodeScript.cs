using System.Diagnostics;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Son1kVers3.Integration.Tests.Support;

/// <summary>The npm clients under tests/ (installed by ./test.sh with npm ci), run with node against a real server.</summary>
public static class NodeScript
{
    /// <summary>Runs <c>node script args…</c> in tests/<paramref name="package"/> and returns its output lines; fails the test on a non-zero exit.</summary>
    public static async Task<List<string>> RunAsync(string package, string requiredModule, string script, params string[] args)
    {
        var folder = Folder(package);
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", requiredModule)),
            $"tests/{package} is not installed: ./test.sh runs `npm ci` there (Node.js 20+ and npm are needed).");
        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        args.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} did not end within 90 s: {await output}");
        }

        Assert.True(process.ExitCode == 0, $"node exited with {process.ExitCode}: {await errors}\n{await output}");
        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    public static string Folder(string package) => Path.Combine(Repository.Root(), "tests", package);

    /// <summary>An in-memory server with these settings, listening on a real loopback port (node connects over TCP).</summary>
    public static (WebApplicationFactory<Program> Server, string Http, string WebSocket) StartOnLoopback(ApiFactory api, params (string Key, string? Value)[] settings)
    {
        var port = ServerProcess.FreePort();
        var server = api.With([.. settings, ("HOST", "127.0.0.1"), ("PORT", port.ToString())]);
        server.UseKestrel();
        server.StartServer();
        return (server, $"http://127.0.0.1:{port}/graphql", $"ws://127.0.0.1:{port}/graphql");
    }
}
