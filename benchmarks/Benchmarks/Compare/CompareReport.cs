using System.Globalization;
using System.Text.Json;

namespace Son1kVers3.Benchmarks.Compare;

/// <summary>One server in one case: the median of its measured rounds (warm-up excluded).</summary>
internal sealed record CompareRow(string Case, string Server, double RequestsPerSecond, double P50, double P99, long Errors, IReadOnlyList<WrkResult> Rounds)
{
    /// <summary>The case whose mercurius and raw rows this row's ratios are taken against (its own by default).</summary>
    public string? PeersCase { get; init; }

    public static CompareRow Median(string @case, string server, IReadOnlyList<WrkResult> rounds) => new(
        @case,
        server,
        MedianOf(rounds.Select(r => r.RequestsPerSecond)),
        MedianOf(rounds.Select(r => r.P50)),
        MedianOf(rounds.Select(r => r.P99)),
        rounds.Sum(r => r.Non2xx + r.SocketErrors),
        rounds);

    public static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }
}

/// <summary>The table printed at the end of `./bench.sh compare`, and the same as JSON.</summary>
internal sealed class CompareReport
{
    public const string Ours = "son1kvers3";
    public const string Mercurius = "mercurius+jit";
    public const string Raw = "raw aspnetcore";

    public List<CompareRow> Rows { get; } = [];

    public List<string> Notes { get; } = [];

    public string LoadAverage { get; set; } = "";

    public void Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"compare: median of the measured rounds; load average at start {LoadAverage}");
        output.WriteLine($"{"case",-28} {"server",-16} {"req/s",10} {"p50 ms",8} {"p99 ms",8} {"×merc",7} {"×raw",7} {"errors",7}");
        foreach (var row in Rows)
        {
            output.WriteLine($"{row.Case,-28} {row.Server,-16} {row.RequestsPerSecond,10:0} {row.P50,8:0.00} {row.P99,8:0.00} {Ratio(row, Mercurius),7} {Ratio(row, Raw),7} {row.Errors,7}");
        }

        foreach (var note in Notes)
        {
            output.WriteLine($"  {note}");
        }
    }

    public async Task WriteJsonAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var json = new
        {
            at = DateTimeOffset.UtcNow,
            loadAverage = LoadAverage,
            rows = Rows.Select(r => new
            {
                @case = r.Case,
                server = r.Server,
                requestsPerSecond = Math.Round(r.RequestsPerSecond, 1),
                p50Ms = Math.Round(r.P50, 3),
                p99Ms = Math.Round(r.P99, 3),
                ratioToMercurius = RatioValue(r, Mercurius),
                ratioToRaw = RatioValue(r, Raw),
                errors = r.Errors,
                rounds = r.Rounds,
            }),
            notes = Notes,
        };
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }));
    }

    private double? RatioValue(CompareRow row, string server) =>
        Rows.FirstOrDefault(r => r.Case == (row.PeersCase ?? row.Case) && r.Server == server) is { RequestsPerSecond: > 0 } peer
            ? Math.Round(row.RequestsPerSecond / peer.RequestsPerSecond, 3)
            : null;

    private string Ratio(CompareRow row, string server) =>
        RatioValue(row, server) is { } ratio ? ratio.ToString("0.00", CultureInfo.InvariantCulture) : "-";

    public static string ReadLoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
