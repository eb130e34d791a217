using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Son1kVers3.Benchmarks.Compare;

/// <summary>One wrk run's figures: requests per second, latency percentiles in ms, non-2xx answers and socket errors.</summary>
internal sealed record WrkResult(double RequestsPerSecond, double P50, double P99, long Requests, long Non2xx, long SocketErrors);

/// <summary>
/// Runs wrk (one thread, pinned with taskset) against a URL with a Lua script that POSTs GraphQL
/// bodies, and reads its report.
/// </summary>
internal static partial class Wrk
{
    public static string Program => File.Exists("/usr/bin/wrk") ? "/usr/bin/wrk" : "wrk";

    /// <summary>A script that POSTs the same JSON body every time, with an optional bearer token.</summary>
    public static string PostScript(string body, string? token = null) =>
        $"""
        wrk.method = "POST"
        wrk.body = {LuaString(body)}
        wrk.headers["Content-Type"] = "application/json"
        {(token is null ? "" : $"wrk.headers[\"Authorization\"] = {LuaString("Bearer " + token)}")}
        """;

    /// <summary>A script that POSTs one body per request with the tokens taken in turn (distinct users).</summary>
    public static string RotatingTokensScript(IReadOnlyList<string> tokens, Func<string, string> bodyForCounter)
    {
        var script = new StringBuilder("local tokens = {\n");
        foreach (var token in tokens)
        {
            script.Append("  ").Append(LuaString(token)).Append(",\n");
        }

        script.Append("}\nlocal n = 0\nrequest = function()\n  n = n + 1\n");
        script.Append("  local body = ").Append(bodyForCounter("\" .. n .. \"")).Append('\n');
        script.Append("""
              return wrk.format("POST", "/graphql", { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. tokens[(n % #tokens) + 1] }, body)
            end
            """);
        return script.ToString();
    }

    public static string LuaString(string text) => "[==[" + text + "]==]";

    public static async Task<WrkResult> RunAsync(string url, string script, int connections, int seconds, string? cpus)
    {
        var scriptFile = Path.Combine(Path.GetTempPath(), $"s1kv-wrk-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(scriptFile, script);
        try
        {
            var start = new ProcessStartInfo(cpus is null ? Program : "taskset") { RedirectStandardOutput = true, RedirectStandardError = true };
            if (cpus is not null)
            {
                start.ArgumentList.Add("-c");
                start.ArgumentList.Add(cpus);
                start.ArgumentList.Add(Program);
            }

            foreach (var argument in new[] { "-t1", $"-c{connections}", $"-d{seconds}s", "--timeout", "10s", "--latency", "-s", scriptFile, url })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"wrk exited with {process.ExitCode}: {errors}{output}");
            }

            return Parse(output);
        }
        finally
        {
            File.Delete(scriptFile);
        }
    }

    public static WrkResult Parse(string output)
    {
        double Number(Regex regex) => regex.Match(output) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var errors = SocketErrors().Match(output) is { Success: true } e
            ? e.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture))
            : 0;
        return new WrkResult(
            Number(RequestsPerSecond()),
            Latency(output, "50%"),
            Latency(output, "99%"),
            (long)Number(Requests()),
            (long)Number(Non2xx()),
            errors);
    }

    private static double Latency(string output, string percentile)
    {
        var match = Regex.Match(output, $@"^\s*{Regex.Escape(percentile)}\s+([\d.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline);
        if (!match.Success)
        {
            return double.NaN;
        }

        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "ms" => value, "s" => value * 1000, _ => value * 60_000 };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex Requests();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xx();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
