using System.Diagnostics;

namespace Son1kVers3.Integration.Tests.Support;

/// <summary>
/// Counts every command sent to PostgreSQL while it is alive (EF Core's and hand-written SQL alike),
/// through Npgsql's activity source; or, from <see cref="OfThisFlow"/>, only those sent by the code the
/// test awaits (the commands of its trace), not by background work or other tests.
/// </summary>
public sealed class NpgsqlCommandCounter : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _statements = new();
    private readonly Activity? _root;
    private int _count;

    public NpgsqlCommandCounter()
        : this(null)
    {
    }

    private NpgsqlCommandCounter(Activity? root)
    {
        _root = root;
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (_root is not null && activity.TraceId != _root.TraceId)
                {
                    return;
                }

                Interlocked.Increment(ref _count);
                _statements.Enqueue(activity.GetTagItem("db.query.text") as string ?? activity.GetTagItem("db.statement") as string ?? activity.DisplayName);
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>A counter of the commands sent from the current async flow (a trace of its own starts here).</summary>
    public static NpgsqlCommandCounter OfThisFlow()
    {
        var root = new Activity("counted-flow").SetIdFormat(ActivityIdFormat.W3C);
        root.SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom());
        return new NpgsqlCommandCounter(root.Start());
    }

    public int Count => Volatile.Read(ref _count);

    /// <summary>The text of every command counted, for a failure message.</summary>
    public IReadOnlyList<string> Statements => [.. _statements];

    public void Dispose()
    {
        _listener.Dispose();
        _root?.Stop();
    }
}
