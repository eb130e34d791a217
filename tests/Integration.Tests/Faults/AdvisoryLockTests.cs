using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Faults;

/// <summary>
/// The per-user lock of shares and downloads (PostgresAdvisoryLock): one holder at a time, and nothing of it left in
/// PostgreSQL once released. Connections go back to the pool without a reset (DatabaseSettings.WithoutResetOnClose),
/// so a session-level lock left on one would stay with the pooled connection for its next user.
/// </summary>
[Collection(ApiCollection.Name)]
public class AdvisoryLockTests(ApiFactory api)
{
    [Fact]
    public async Task AHeldLock_IsRefusedToOthers_AndOnceReleased_NoAdvisoryLockStaysOnThePooledConnections()
    {
        var locks = api.Services.GetRequiredService<IDistributedLock>();
        var name = $"test-lock:{Guid.NewGuid():N}";

        var held = await locks.TryAcquireAsync(name, TimeSpan.Zero, CancellationToken.None);
        Assert.NotNull(held);
        Assert.Null(await locks.TryAcquireAsync(name, TimeSpan.FromMilliseconds(50), CancellationToken.None));
        Assert.Equal(1, await AdvisoryLocksAsync());

        await held.DisposeAsync();
        Assert.Equal(0, await AdvisoryLocksAsync());
        await using var again = await locks.TryAcquireAsync(name, TimeSpan.Zero, CancellationToken.None);
        Assert.NotNull(again);
    }

    private async Task<long> AdvisoryLocksAsync()
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
