using System.Diagnostics;

namespace Son1kVers3.Integration.Tests.Support;

/// <summary>
/// Counts every command sent to PostgreSQL while it is alive (EF Core's and hand-written SQL alike),
/// through Npgsql's activity source.
/// </summary>
public sealed class NpgsqlCommandCounter : IDisposable
{
    private readonly ActivityListener _listener;
    private int _count;

    public NpgsqlCommandCounter()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = _ => Interlocked.Increment(ref _count),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public int Count => Volatile.Read(ref _count);

    public void Dispose() => _listener.Dispose();
}
