using System.Diagnostics;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Son1kVers3.Integration.Tests.Support;

/// <summary>
/// Debian's nginx as a child process running a test variant of deploy/nginx.conf: the same
/// locations and proxy headers, plain HTTP on a free loopback port instead of TLS, the upstream
/// pointed at a test server, logs, pid and temp files in a private prefix folder. Stopped by PID.
/// </summary>
public sealed class NginxProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _prefix;

    private NginxProcess(Process process, string prefix, int port)
    {
        _process = process;
        _prefix = prefix;
        Port = port;
    }

    public int Port { get; }

    public Uri HttpUrl => new($"http://127.0.0.1:{Port}");

    public Uri WebSocketUrl => new($"ws://127.0.0.1:{Port}/graphql");

    public string ErrorLog => File.Exists(Path.Combine(_prefix, "error.log")) ? File.ReadAllText(Path.Combine(_prefix, "error.log")) : "";

    /// <summary>Where the nginx binary is; null when it is not installed.</summary>
    public static string? Binary() =>
        new[] { "/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx" }.FirstOrDefault(File.Exists);

    public static async Task<NginxProcess> StartAsync(int upstreamPort)
    {
        var binary = Binary() ?? throw new InvalidOperationException(
            "nginx is not installed. ./test.sh installs it (apt-get install nginx); otherwise install Debian's nginx package.");
        var prefix = Directory.CreateTempSubdirectory("son1kvers3-nginx-").FullName;
        // Workers of a root master run as an unprivileged user: they must reach the prefix folder.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(prefix, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        var port = ServerProcess.FreePort();
        var config = ForTest(File.ReadAllText(Path.Combine(Repository.Root(), "deploy", "nginx.conf")), prefix, port, ServerProcess.FreePort(), upstreamPort);
        var configPath = Path.Combine(prefix, "nginx.conf");
        await File.WriteAllTextAsync(configPath, config);

        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-p", prefix + "/", "-e", Path.Combine(prefix, "error.log"), "-c", configPath })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var nginx = new NginxProcess(process, prefix, port);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with {process.ExitCode}:\n{nginx.ErrorLog}\n--- config ---\n{config}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return nginx;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        await nginx.DisposeAsync();
        throw new TimeoutException("nginx did not listen within 20 s");
    }

    /// <summary>
    /// The test variant of the production file. Each rewrite must match exactly as often as
    /// expected, so a change to deploy/nginx.conf that the test does not understand fails loudly.
    /// </summary>
    public static string ForTest(string production, string prefix, int port, int redirectPort, int upstreamPort)
    {
        var text = production;
        text = Rewrite(text, @"^user\s+[^;]+;\n", "", 1);
        text = Rewrite(text, @"^\s*access_log\s+[^;]+;", $"    access_log {prefix}/access.log;", 1);
        text = Rewrite(text, @"^\s*error_log\s+[^;]+;", $"    error_log {prefix}/error.log info;", 1);
        text = Rewrite(text, @"^(\s*)server 127\.0\.0\.1:3001\b", $"$1server 127.0.0.1:{upstreamPort}", 1);
        text = Rewrite(text, @"^\s*listen \[::\]:\d+[^;]*;\n", "", 2);
        text = Rewrite(text, @"^(\s*)listen 80;", $"$1listen 127.0.0.1:{redirectPort};", 1);
        text = Rewrite(text, @"^(\s*)listen 443 ssl http2;", $"$1listen 127.0.0.1:{port};", 1);
        text = Rewrite(text, @"^\s*ssl_[a-z_]+\s[^;]+;\n", "", 6);
        text = Rewrite(text, @"^http \{", $$"""
            http {
                client_body_temp_path {{prefix}}/client_body;
                proxy_temp_path {{prefix}}/proxy;
                fastcgi_temp_path {{prefix}}/fastcgi;
                uwsgi_temp_path {{prefix}}/uwsgi;
                scgi_temp_path {{prefix}}/scgi;
            """, 1);
        return $"daemon off;\npid {prefix}/nginx.pid;\n{text}";
    }

    private static string Rewrite(string text, string pattern, string replacement, int expectedMatches)
    {
        var regex = new Regex(pattern, RegexOptions.Multiline);
        var matches = regex.Matches(text).Count;
        Assert.True(matches == expectedMatches, $"deploy/nginx.conf: expected {expectedMatches} match(es) of /{pattern}/, found {matches}; update NginxProcess.ForTest");
        return regex.Replace(text, replacement);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_prefix, recursive: true);
        }
        catch (IOException)
        {
            // a worker's temp file still held: the OS cleans /tmp
        }
        catch (UnauthorizedAccessException)
        {
            // created by a worker user: the OS cleans /tmp
        }
    }
}
