using System.Diagnostics;

namespace Son1kVers3.Integration.Tests.Support;

/// <summary>
/// Counts every command sent to PostgreSQL while it is alive (EF Core's and hand-written SQL alike),
/// through Npgsql's activity source.
/// </summary>
public sealed class NpgsqlCommandCounter : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _statements = new();
    private int _count;

    public NpgsqlCommandCounter()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                Interlocked.Increment(ref _count);
                _statements.Enqueue(activity.GetTagItem("db.query.text") as string ?? activity.GetTagItem("db.statement") as string ?? activity.DisplayName);
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public int Count => Volatile.Read(ref _count);

    /// <summary>The text of every command counted, for a failure message.</summary>
    public IReadOnlyList<string> Statements => [.. _statements];

    public void Dispose() => _listener.Dispose();
}
