using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Son1kVers3.Benchmarks.Faults;

/// <summary>The server as a separate OS process (the built Son1kVers3.GraphQL.dll), so the benchmark can kill it -9.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, int port)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    public bool Alive { get; private set; } = true;

    public int Port { get; private init; }

    /// <summary>The process's resident memory now (VmRSS), in bytes.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePorts.Next();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Son1kVers3.GraphQL.dll"));
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        start.Environment["HOST"] = "127.0.0.1";
        start.Environment["PORT"] = port.ToString();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, port) { Port = port };
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

            if (process.HasExited)
            {
                throw new InvalidOperationException($"The server process exited with {process.ExitCode}");
            }

            await Task.Delay(200);
        }

        await server.DisposeAsync();
        throw new TimeoutException("The server process did not become healthy within 60 s");
    }

    /// <summary>SIGKILL by PID: no shutdown, no flushing, no lease given back.</summary>
    public void Kill()
    {
        Alive = false;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        Client.Dispose();
        return ValueTask.CompletedTask;
    }
}
