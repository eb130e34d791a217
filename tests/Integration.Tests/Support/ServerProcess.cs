using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Son1kVers3.Integration.Tests.Support;

/// <summary>
/// The server as a separate OS process (the built Son1kVers3.GraphQL.dll), on the test's
/// PostgreSQL database and Redis, so a test can kill it outright.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output;

    private ServerProcess(Process process, int port, System.Collections.Concurrent.ConcurrentQueue<string> output)
    {
        _process = process;
        _output = output;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public HttpClient Client { get; }

    /// <summary>Every line the process has written to stdout so far.</summary>
    public IReadOnlyList<string> Output => [.. _output];

    /// <summary>The server process's resident memory (working set) now, in bytes.</summary>
    public long WorkingSetBytes
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    /// <summary>The /graphql WebSocket address of this process.</summary>
    public Uri WebSocketUrl => new($"ws://{Client.BaseAddress!.Authority}/graphql");

    public static async Task<ServerProcess> StartAsync(ApiFactory api, params (string Key, string Value)[] settings)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Son1kVers3.GraphQL.dll"));
        foreach (var (key, value) in api.Settings.Where(s => s.Value is not null))
        {
            start.Environment[key] = value;
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["HOST"] = "127.0.0.1";
        start.Environment["PORT"] = port.ToString();
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) output.Enqueue(line.Data); };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, port, output);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await server.Client.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            Assert.False(process.HasExited, $"The server process exited with {(process.HasExited ? process.ExitCode : 0)}");
            await Task.Delay(200);
        }

        // Not left running: an orphan would hold the test binaries (and coverlet could not restore them).
        await server.DisposeAsync();
        throw new TimeoutException("The server process did not become healthy within 60 s");
    }

    /// <summary>SIGKILL: no shutdown, no flushing, no lease given back.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Client.Dispose();
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The server as a process that is expected to stop at start: its exit code and everything it printed.</summary>
public static class FailingServerProcess
{
    public static Task<(int ExitCode, string Output)> RunUntilExitAsync(ApiFactory api, params (string Key, string Value)[] settings) =>
        RunCommandAsync(api, [], settings);

    /// <summary>The server's program with command-line arguments (e.g. <c>persisted import file</c>), run to its end.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(ApiFactory api, string[] arguments, params (string Key, string Value)[] settings)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Son1kVers3.GraphQL.dll"));
        arguments.ToList().ForEach(start.ArgumentList.Add);
        foreach (var (key, value) in api.Settings.Where(s => s.Value is not null))
        {
            start.Environment[key] = value;
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["HOST"] = "127.0.0.1";
        start.Environment["PORT"] = ServerProcess.FreePort().ToString();
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The server process did not stop within 60 s");
        }

        return (process.ExitCode, (await stdout) + (await stderr));
    }
}
