using GraphQL;
using Son1kVers3.Infrastructure.Faults;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// A live subscription's read outlives a PostgreSQL or Redis outage: the read is tried again with
/// a growing pause (0.25 s up to 5 s) until the dependency answers. Only an outage longer than
/// <see cref="GiveUpAfter"/> ends the subscription, with SERVICE_UNAVAILABLE the client can show.
/// </summary>
public static class OutageRetry
{
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(5);

    public static async Task<T> ReadAsync<T>(Func<CancellationToken, Task<T>> read, CancellationToken ct)
    {
        var giveUpAt = DateTime.UtcNow + GiveUpAfter;
        var pause = FirstPause;
        while (true)
        {
            try
            {
                return await read(ct);
            }
            catch (Exception failure) when (DependencyOutage.DependencyOf(failure) is { } dependency && !ct.IsCancellationRequested)
            {
                if (DateTime.UtcNow >= giveUpAt)
                {
                    throw new ExecutionError($"{dependency} has been unavailable for {GiveUpAfter.TotalMinutes:0} minutes; subscribe again later.", failure)
                    {
                        Code = DependencyOutage.Code,
                    };
                }

                await Task.Delay(pause, ct);
                pause = pause * 2 < LongestPause ? pause * 2 : LongestPause;
            }
        }
    }
}
