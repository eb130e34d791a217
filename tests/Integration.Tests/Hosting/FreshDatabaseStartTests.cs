using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Son1kVers3.Infrastructure;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Hosting;

/// <summary>What an operator reads when a server first starts on an empty database.</summary>
[Collection(ApiCollection.Name)]
public class FreshDatabaseStartTests(ApiFactory api)
{
    [Fact]
    public async Task StartingOnAFreshDatabase_MigratesIt_WithoutLoggingAnyError()
    {
        await using var fresh = await TestDatabase.CreateAsync();
        var logs = new CapturedLogs();
        await using var server = logs.On(api.With(("DATABASE_URL", fresh.ConnectionString)), LogLevel.Information);

        await server.Services.InitializeDatabaseAsync();

        Assert.Contains(logs.Lines, e => e.Message.Contains("Seeded the admin user", StringComparison.Ordinal)); // migrated, then seeded
        var errors = logs.Lines.Where(e => e.Level >= LogLevel.Error).Select(e => $"{e.Category}: {e.Message}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
