using System.Globalization;
using Npgsql;

namespace Son1kVers3.Benchmarks.Compare;

/// <summary>
/// The CPU the PostgreSQL backends serving the benchmark's database spend (user + system ticks from /proc/PID/stat,
/// 1/100 s), counted from <see cref="StartAsync"/>: a backend that started later counts from its start. PostgreSQL's
/// shared processes (WAL writer, checkpointer) serve every database on the machine and are left out.
/// </summary>
internal sealed class PostgresBackends
{
    private readonly BenchDatabase _database;
    private readonly Dictionary<int, long> _start;

    private PostgresBackends(BenchDatabase database, Dictionary<int, long> start) => (_database, _start) = (database, start);

    /// <summary>The backends alive at the start.</summary>
    public IEnumerable<int> ProcessIds => _start.Keys;

    public static async Task<PostgresBackends> StartAsync(BenchDatabase database) =>
        new(database, (await PidsAsync(database)).ToDictionary(pid => pid, pid => Ticks(pid) ?? 0));

    /// <summary>Ticks spent since the start by the backends alive now (0 when /proc does not show PostgreSQL's processes).</summary>
    public async Task<long> TicksAsync() =>
        (await PidsAsync(_database)).Sum(pid => Ticks(pid) is { } now ? now - _start.GetValueOrDefault(pid) : 0);

    private static async Task<List<int>> PidsAsync(BenchDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", connection);
        var pids = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            pids.Add(reader.GetInt32(0));
        }

        return pids;
    }

    private static long? Ticks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
