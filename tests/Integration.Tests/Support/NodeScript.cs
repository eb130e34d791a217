using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Son1kVers3.Integration.Tests.Support;

/// <summary>
/// A Node.js script of the repository (its npm packages installed by ./test.sh with npm ci): either
/// run to its end (<see cref="RunAsync"/>), or started to print one JSON object per line, each with
/// a "step", the test waiting for steps and acting between them (<see cref="Start"/>; killed, with
/// any browser it started, on dispose).
/// </summary>
public sealed class NodeScript : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<JsonNode> _steps = Channel.CreateUnbounded<JsonNode>();
    private readonly List<string> _output = [];

    private NodeScript(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, line) => Receive(line.Data, parse: true);
        process.ErrorDataReceived += (_, line) => Receive(line.Data, parse: false);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Starts <paramref name="script"/> in <paramref name="folder"/> (relative to the repository), whose npm packages must be installed.</summary>
    public static NodeScript Start(string folder, string script, string installedPackage, params string[] args)
    {
        var directory = Path.Combine(Repository.Root(), folder);
        Assert.True(Directory.Exists(Path.Combine(directory, "node_modules", installedPackage)),
            $"{folder} is not installed: ./test.sh runs `npm ci` there (Node.js 20+ and npm are needed).");
        var start = new ProcessStartInfo("node") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        args.ToList().ForEach(start.ArgumentList.Add);
        return new NodeScript(Process.Start(start)!);
    }

    /// <summary>Everything the script printed so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>The next step the script reports; fails on a "failed" step, an exit or the timeout.</summary>
    public async Task<JsonNode> StepAsync(string name, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await foreach (var step in _steps.Reader.ReadAllAsync(cancel.Token))
            {
                var reported = step["step"]?.GetValue<string>();
                Assert.False(reported == "failed", $"The script failed before '{name}':\n{Output}");
                if (reported == name)
                {
                    return step;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"No '{name}' step within {timeout.TotalSeconds:0} s:\n{Output}");
        }

        Assert.Fail($"The script exited ({(_process.HasExited ? _process.ExitCode : -1)}) before '{name}':\n{Output}");
        return null!;
    }

    private void Receive(string? line, bool parse)
    {
        if (line is null)
        {
            // The end of standard output comes after its last line: only then are the steps complete
            // (the process's Exited event can come first, and a step written after it would be lost).
            if (parse)
            {
                _steps.Writer.TryComplete();
            }

            return;
        }

        lock (_output)
        {
            _output.Add(line.Length > 2000 ? line[..2000] + "…" : line);
        }

        if (parse && line.StartsWith('{') && JsonNode.Parse(line) is { } step && step["step"] is not null)
        {
            _steps.Writer.TryWrite(step);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

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
