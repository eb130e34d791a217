using System.Diagnostics;

namespace Son1kVers3.Benchmarks.Compare;

/// <summary>
/// With BENCH_PERF_OUT=/some/prefix, records (to prefix-LABEL.data) a CPU profile of the given processes (perf record -e cpu-clock -g)
/// for the measured load; start the benchmark with DOTNET_PerfMapEnabled=1 so JIT'd methods get names. Without it, nothing.
/// </summary>
internal static class Profiler
{
    public static IDisposable? Start(IEnumerable<int> pids, int seconds, string label)
    {
        if (Environment.GetEnvironmentVariable("BENCH_PERF_OUT") is not { Length: > 0 } output)
        {
            return null;
        }

        var start = new ProcessStartInfo("perf") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "record", "-e", "cpu-clock", "-F", "999", "-g", "-p", string.Join(',', pids), "-o", $"{output}-{label}.data", "--", "sleep", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        var perf = Process.Start(start)!;
        return new Finish(perf);
    }

    private sealed class Finish(Process perf) : IDisposable
    {
        public void Dispose()
        {
            perf.WaitForExit(TimeSpan.FromSeconds(30));
            perf.Dispose();
        }
    }
}
