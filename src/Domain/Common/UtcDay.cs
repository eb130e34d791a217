namespace Son1kVers3.Domain.Common;

/// <summary>Every "per day" counter resets at 00:00 UTC.</summary>
public static class UtcDay
{
    public static DateOnly Of(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);

    public static DateTimeOffset StartOf(DateOnly day) =>
        new(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));

    public static DateTimeOffset StartOfNext(DateOnly day) => StartOf(day.AddDays(1));
}
