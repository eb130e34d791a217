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
}
