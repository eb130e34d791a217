using Son1kVers3.Domain.Common;

namespace Son1kVers3.Domain.Tests.Common;

public class UtcDayTests
{
    [Fact]
    public void TheDayChangesAtMidnightUtc_WhateverTheLocalOffset()
    {
        var lastSecond = new DateTimeOffset(2026, 11, 24, 23, 59, 59, TimeSpan.Zero);
        Assert.Equal(new DateOnly(2026, 11, 24), UtcDay.Of(lastSecond));
        Assert.Equal(new DateOnly(2026, 11, 25), UtcDay.Of(lastSecond.AddSeconds(1)));

        // 20:00 in UTC-5 is already 01:00 the next day in UTC.
        Assert.Equal(new DateOnly(2026, 11, 25), UtcDay.Of(new DateTimeOffset(2026, 11, 24, 20, 0, 0, TimeSpan.FromHours(-5))));
    }

    [Fact]
    public void StartOfNext_IsTheFollowingMidnightUtc()
    {
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), UtcDay.StartOfNext(new DateOnly(2026, 12, 31)));
    }
}
