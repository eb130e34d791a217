namespace Son1kVers3.Integration.Tests.Support;

/// <summary>A clock the test moves by hand (day rollovers, days of their own far from today).</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;

    /// <summary>A random UTC day in the future, so a test's pool day is its own.</summary>
    public static ManualClock OnAFreshDay() =>
        new(new DateTimeOffset(2040, 1, 1, 12, 0, 0, TimeSpan.Zero).AddDays(Random.Shared.Next(0, 200_000)));
}
