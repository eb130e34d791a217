using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Son1kVers3.Benchmarks.Faults;

/// <summary>
/// The server as a separate OS process (the built Son1kVers3.GraphQL.dll), so the benchmark can kill
/// it -9; optionally pinned to some cores with taskset. Also starts the compare benchmark's peers.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private const int OutputLinesKept = 200;
    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();

    private ServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        // Connections idle for a minute were closed by the client's default, in the middle of a later measured phase (the
        // server then ran and compiled its connection-closing code there): a benchmark keeps its connections.
        var handler = new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(30) };
        Client = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    /// <summary>The process's last output lines (its log), for a benchmark that has something to explain.</summary>
    public IReadOnlyCollection<string> Output => _output;

    public int Port { get; }

    public int ProcessId => _process.Id;

    /// <summary>The process's resident memory now (VmRSS), in bytes.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>
    /// The process's CPU time so far (user + system, from /proc/PID/stat): less sensitive to a shared
    /// machine's load than latency or throughput.
    /// </summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // fields from the 3rd on (the name may hold spaces)
        var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
    }

    public bool Alive { get; private set; } = true;

    public static Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string> settings, string? cpus = null) =>
        StartAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "Son1kVers3.GraphQL.dll")], settings, "/health", cpus);

    /// <summary>Any program that listens on the port given in PORT (and HOST) and answers GET <paramref name="healthPath"/> with 200.</summary>
    public static async Task<ServerProcess> StartAsync(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> settings, string healthPath, string? cpus = null)
    {
        var port = FreePorts.Next();
        var start = new ProcessStartInfo(cpus is null ? program : "taskset") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        if (cpus is not null)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(cpus);
            start.ArgumentList.Add(program);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        start.Environment["HOST"] = "127.0.0.1";
        start.Environment["PORT"] = port.ToString();
        var process = Process.Start(start)!;
        var server = new ServerProcess(process, port);
        process.OutputDataReceived += (_, line) => server.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => server.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(180); // generous: the benchmark machine may be shared and busy
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await server.Client.GetAsync(healthPath)).StatusCode == HttpStatusCode.OK)
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
        throw new TimeoutException("The server process did not become healthy within 180 s");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > OutputLinesKept && _output.TryDequeue(out _))
        {
        }
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
