using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Son1kVers3.Infrastructure;
using Son1kVers3.Infrastructure.Persistence;

namespace Son1kVers3.Integration.Tests.Support;

/// <summary>
/// The real server in memory, on a database of its own on the real PostgreSQL and on the real
/// Redis. Settings go in by their environment names, as in production.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminEmail = "admin@son1kvers3.test";
    public const string AdminPassword = "admin-password-1";

    private TestDatabase? _database;

    static ApiFactory()
    {
        // Every in-memory server would watch its appsettings files with an inotify instance (128 per
        // user by default, shared with every other process of the user); tests never edit them.
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
    }

    public Dictionary<string, string?> Settings { get; } = new()
    {
        // Database 1: the tests' rate-limit counters never touch a development server's (database 0).
        ["REDIS_URL"] = (Environment.GetEnvironmentVariable("REDIS_URL") ?? "redis://127.0.0.1:6379").TrimEnd('/') + "/1",
        ["JWT_SECRET"] = "integration-test-access-secret-0123456789abcdef",
        ["JWT_REFRESH_SECRET"] = "integration-test-refresh-secret-0123456789abcdef",
        ["ADMIN_EMAIL"] = AdminEmail,
        ["ADMIN_PASSWORD"] = AdminPassword,
        ["CORS_ORIGIN"] = "https://app.son1kvers3.test",
        ["GRAPHQL_INTROSPECTION"] = "true",
        ["PASSWORD_HASH_ITERATIONS"] = "1000",
        ["TRUSTED_PROXIES"] = "127.0.0.1",
        // The log tests read the line of successful operations too (production default: failures and slow ones only).
        ["GRAPHQL_ACCESS_LOG"] = "all",
        // Generation tests start servers with the worker on; the others leave the job table alone.
        ["GENERATION_WORKER_ENABLED"] = "false",
        // The rate-limit tests start a server with the real defaults; the others must not trip them.
        ["RATE_LIMIT_REQUESTS_PER_MINUTE"] = "100000",
        ["RATE_LIMIT_LOGIN_PER_10_MINUTES"] = "100000",
        ["RATE_LIMIT_REGISTER_PER_HOUR"] = "100000",
        ["RATE_LIMIT_REFRESH_PER_10_MINUTES"] = "100000",
        ["RATE_LIMIT_OAUTH_PER_10_MINUTES"] = "100000",
        ["RATE_LIMIT_MAIL_REQUESTS_PER_HOUR"] = "100000",
        ["RATE_LIMIT_MAILS_PER_EMAIL_PER_15_MINUTES"] = "100000",
    };

    public string ConnectionString => _database?.ConnectionString ?? throw new InvalidOperationException("Not initialised");

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        Settings["DATABASE_URL"] = _database.ConnectionString;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>A second server with some settings changed, on the same database.</summary>
    public WebApplicationFactory<Program> With(params (string Key, string? Value)[] overrides) =>
        WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in overrides)
            {
                builder.UseSetting(key, value);
            }
        });

    /// <summary>Empties every table and seeds again, so each test starts from the same state.</summary>
    public async Task ResetDataAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tables = db.Model.GetEntityTypes().Select(t => $"\"{t.GetTableName()}\"").Distinct();
        var truncate = "TRUNCATE " + string.Join(", ", tables) + " RESTART IDENTITY CASCADE";
        await db.Database.ExecuteSqlRawAsync(truncate);
        await Services.InitializeDatabaseAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, LoopbackRemoteAddress>());
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }
}

/// <summary>The in-memory test server has no remote address; give it the loopback one a local proxy would have.</summary>
internal sealed class LoopbackRemoteAddress : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress ??= System.Net.IPAddress.Loopback;
            return nextMiddleware(context);
        });
        next(app);
    };
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFactory>
{
    public const string Name = "api";
}
