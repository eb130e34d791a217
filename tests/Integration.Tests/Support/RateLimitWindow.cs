namespace Son1kVers3.Integration.Tests.Support;

public static class RateLimitWindow
{
    /// <summary>Waits out the last seconds of a one-minute window, so a test's hits all fall in one window.</summary>
    public static async Task AwayFromItsEndAsync()
    {
        var second = DateTime.UtcNow.Second;
        if (second >= 50)
        {
            await Task.Delay(TimeSpan.FromSeconds(61 - second));
        }
    }

    /// <summary>Waits out the second half of a fixed window of the given length, so the next few hits fall in one window.</summary>
    public static async Task AtTheStartOfAWindowAsync(TimeSpan window)
    {
        var length = (long)window.TotalMilliseconds;
        var into = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() % length;
        if (into > length / 2)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(length - into + 100));
        }
    }
}
