using System.Diagnostics;

namespace Son1kVers3.Benchmarks.Faults;

/// <summary>
/// A server's JIT as its /metrics report it (System.Runtime meter): a benchmark measures steady state
/// once the tier-up of what its warm-up ran has ended, and says how much JIT fell in what it measured.
/// </summary>
internal static partial class ServerJit
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
            if (now.Zip(last).Any(pair => pair.First.Methods != pair.Second.Methods))
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
            compiled.Add(now.Zip(before).Sum(j => j.First.Methods - j.Second.Methods));
            before = now;
        }

        return (compiled, settled);
    }

    /// <summary>The methods an instance's JIT has compiled and the time it took, from its /metrics (System.Runtime meter).</summary>
    public static async Task<(long Methods, double Seconds)> ReadAsync(HttpClient instance)
    {
        var counters = await ReadCountersAsync(instance, "dotnet_jit_compiled_methods_total", "dotnet_jit_compilation_time_seconds_total");
        return ((long)counters[0], counters[1]);
    }

    /// <summary>An instance's garbage collections by generation (gen0, gen1, gen2) and the time its threads were paused for them, from its /metrics.</summary>
    public static async Task<(Dictionary<string, long> Collections, double PausedSeconds)> ReadGcAsync(HttpClient instance)
    {
        var lines = (await instance.GetStringAsync("/metrics")).Split('\n');
        var collections = lines.Where(line => line.StartsWith("dotnet_gc_collections_total", StringComparison.Ordinal))
            .Select(line => (Generation: GenerationLabel().Match(line).Groups[1].Value, Count: long.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)))
            .GroupBy(c => c.Generation).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
        return (collections, Sum(lines, "dotnet_gc_pause_time_seconds_total"));
    }

    /// <summary>The collections between two readings, e.g. "gen1 1" ("none" when there were none).</summary>
    public static string CollectionsBetween(Dictionary<string, long> before, Dictionary<string, long> after) =>
        string.Join(", ", after.OrderBy(a => a.Key).Where(a => a.Value > before.GetValueOrDefault(a.Key)).Select(a => $"{a.Key} {a.Value - before.GetValueOrDefault(a.Key)}"))
            is { Length: > 0 } text ? text : "none";

    [System.Text.RegularExpressions.GeneratedRegex("gc_heap_generation=\"([^\"]*)\"")]
    private static partial System.Text.RegularExpressions.Regex GenerationLabel();

    /// <summary>Each counter summed over its labels.</summary>
    private static async Task<double[]> ReadCountersAsync(HttpClient instance, params string[] names)
    {
        var lines = (await instance.GetStringAsync("/metrics")).Split('\n');
        return names.Select(name => Sum(lines, name)).ToArray();
    }

    private static double Sum(string[] lines, string name) =>
        lines.Where(line => line.StartsWith(name, StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
}
