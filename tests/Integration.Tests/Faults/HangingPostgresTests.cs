using System.Diagnostics;
using System.Net;
using Npgsql;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Faults;

/// <summary>
/// A PostgreSQL that accepts a statement and never answers it (here: the users table locked by
/// another session) holds no pooled connection for longer than the caches' bound on a shared read:
/// the read behind an authenticated request (security stamp, user row) is not cancelled with one
/// request (other requests may be waiting for it), so before it ran until Npgsql's 30 s command
/// timeout, one connection per key, and the request waited as long.
/// </summary>
[Collection(ApiCollection.Name)]
public class HangingPostgresTests(ApiFactory api)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5); // ExpiringCache.ReadTimeout

    [Fact]
    public async Task ACachedReadThatPostgreSqlNeverAnswers_IsCancelledAfterItsBound_FreeingItsConnection_AndTheClientIsToldServiceUnavailable()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var server = api.WithClock(clock, ("PASSWORD_HASH_ITERATIONS", "1000"));
        var client = server.CreateClient();
        var session = await client.RegisterAsync();
        await client.PostAsAsync(session.AccessToken, "{ me { tier } }");
        clock.Advance(TimeSpan.FromSeconds(11)); // every cached entry of the user has expired: the next request reads again

        await using var holder = new NpgsqlConnection(api.ConnectionString);
        await holder.OpenAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await using (var lockUsers = new NpgsqlCommand("LOCK TABLE users IN ACCESS EXCLUSIVE MODE", holder, hold))
        {
            await lockUsers.ExecuteNonQueryAsync();
        }

        var elapsed = Stopwatch.StartNew();
        var during = await client.PostAsAsync(session.AccessToken, "{ me { tier } }").WaitAsync(TimeSpan.FromSeconds(20));
        elapsed.Stop();
        var waiting = await Eventually.ReadAsync(() => PostgresLocks.WaitingAsync(holder), 0L);

        Assert.True(elapsed.Elapsed < Bound + TimeSpan.FromSeconds(5), $"the request waited {elapsed.Elapsed.TotalSeconds:0.0} s for PostgreSQL");
        Assert.Equal(0L, waiting); // the reads were cancelled in PostgreSQL, their connections back in the pool
        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.Status);
        Assert.Equal("SERVICE_UNAVAILABLE", during.FirstErrorCode);
        Assert.DoesNotContain("INTERNAL_SERVER_ERROR", during.Body!.ToJsonString());

        await hold.RollbackAsync();
        var after = await client.PostAsAsync(session.AccessToken, "{ me { tier } }");
        Assert.Null(after.Errors);
        Assert.Equal("FREE", after.Data!["me"]!["tier"]!.GetValue<string>());
    }
}
