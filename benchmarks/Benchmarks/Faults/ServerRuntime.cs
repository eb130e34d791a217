using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Son1kVers3.Benchmarks.Faults;

/// <summary>
/// A server's JIT and garbage collector as its /metrics report them (System.Runtime meter): a benchmark measures steady
/// state once the tier-up of what its warm-up ran has ended, and says how much JIT and collection fell in what it measured.
/// </summary>
internal static partial class ServerRuntime
{
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1.5);

    /// <summary>Waits until no instance has compiled a method for <see cref="Quiet"/> (false when <paramref name="limit"/> passed first).</summary>
    public static async Task<bool> WaitToSettleAsync(HttpClient[] instances, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        var last = await Task.WhenAll(instances.Select(ReadAsync));
        var quiet = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            await Task.Delay(250);
            var now = await Task.WhenAll(instances.Select(ReadAsync));
            if (now.Zip(last).Any(pair => pair.First.JitMethods != pair.Second.JitMethods))
            {
                (last, quiet) = (now, Stopwatch.StartNew());
            }
            else if (quiet.Elapsed >= Quiet)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Warm-up loads until one compiles fewer than <paramref name="steadyMethods"/> methods over all instances (at most
    /// <paramref name="maxPasses"/>), each followed by a wait for the JIT to settle; returns what each pass compiled and
    /// whether the last one settled. A method is promoted only after calls counted once the JIT has been idle a moment,
    /// so after a single warm-up of createGeneration the next load still compiled 1,500-2,000 methods (most of its CPU).
    /// </summary>
    public static async Task<(List<long> Compiled, bool Settled)> WarmUpAsync(HttpClient[] instances, Func<Task> load, int maxPasses, TimeSpan settleLimit, int steadyMethods = 100)
    {
        var compiled = new List<long>();
        var settled = false;
        var before = await Task.WhenAll(instances.Select(ReadAsync));
        while (compiled.Count < maxPasses && (compiled.Count == 0 || compiled[^1] >= steadyMethods))
        {
            await load();
            settled = await WaitToSettleAsync(instances, settleLimit);
            var now = await Task.WhenAll(instances.Select(ReadAsync));
            compiled.Add(now.Zip(before).Sum(j => j.First.JitMethods - j.Second.JitMethods));
            before = now;
        }

        return (compiled, settled);
    }

    /// <summary>One reading of an instance's /metrics: its JIT so far, and its garbage collections by generation (gen0, gen1, gen2).</summary>
    public static async Task<RuntimeReading> ReadAsync(HttpClient instance)
    {
        var lines = (await instance.GetStringAsync("/metrics")).Split('\n');
        var collections = Lines(lines, "dotnet_gc_collections_total")
            .GroupBy(line => GenerationLabel().Match(line).Groups[1].Value)
            .ToDictionary(g => g.Key, g => (long)g.Sum(ValueOf));
        return new RuntimeReading(
            (long)Lines(lines, "dotnet_jit_compiled_methods_total").Sum(ValueOf),
            Lines(lines, "dotnet_jit_compilation_time_seconds_total").Sum(ValueOf),
            collections,
            Lines(lines, "dotnet_gc_pause_time_seconds_total").Sum(ValueOf));
    }

    private static IEnumerable<string> Lines(string[] lines, string name) => lines.Where(line => line.StartsWith(name, StringComparison.Ordinal));

    private static double ValueOf(string line) => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);

    [GeneratedRegex("gc_heap_generation=\"([^\"]*)\"")]
    private static partial Regex GenerationLabel();
}

/// <summary>An instance's runtime counters at one moment (see <see cref="ServerRuntime.ReadAsync"/>).</summary>
internal sealed record RuntimeReading(long JitMethods, double JitSeconds, Dictionary<string, long> Collections, double GcPausedSeconds)
{
    /// <summary>What happened since <paramref name="before"/>, e.g. "12 methods compiled in 8 ms; collections gen0 1 (paused 2.4 ms)".</summary>
    public string Since(RuntimeReading before)
    {
        var collections = string.Join(", ", Collections.OrderBy(c => c.Key)
            .Where(c => c.Value > before.Collections.GetValueOrDefault(c.Key))
            .Select(c => $"{c.Key} {c.Value - before.Collections.GetValueOrDefault(c.Key)}"));
        return $"{JitMethods - before.JitMethods} methods compiled in {(JitSeconds - before.JitSeconds) * 1000:0} ms; "
            + $"collections {(collections.Length > 0 ? collections : "none")} (paused {(GcPausedSeconds - before.GcPausedSeconds) * 1000:0.0} ms)";
    }
}
