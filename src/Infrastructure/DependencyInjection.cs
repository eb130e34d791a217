using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.Common;
using Son1kVers3.Infrastructure.Auth;
using Son1kVers3.Infrastructure.Clients;
using Son1kVers3.Infrastructure.Email;
using Son1kVers3.Infrastructure.Events;
using Son1kVers3.Infrastructure.Health;
using Son1kVers3.Infrastructure.Jobs;
using Son1kVers3.Infrastructure.OAuth;
using Son1kVers3.Infrastructure.Observability;
using Son1kVers3.Infrastructure.Persistence;
using Son1kVers3.Infrastructure.Redis;
using Son1kVers3.Infrastructure.Stripe;
using Son1kVers3.Infrastructure.Suno;
using Son1kVers3.Infrastructure.TokenPool;

namespace Son1kVers3.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, SettingsReader settings, PublicAddress address)
    {
        var database = DatabaseSettings.Read(settings);
        services.AddSingleton(database);
        services.AddSingleton(AdminSeedSettings.Read(settings));
        services.AddSingleton(_ => NpgsqlDataSource.Create(DatabaseSettings.WithClientCheck(database.ConnectionString)));
        // Pooled: a request borrows a context instead of building one and its options (measured: ./bench.sh compare, me { usage }).
        services.AddDbContextPool<AppDbContext>((sp, options) =>
            AppDbContext.Configure(options.AddInterceptors(sp.GetRequiredService<UserRowChangeInterceptor>()), sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton<UserRowChangeInterceptor>();
        services.AddSingleton<Accounts.UserRowCache>();
        services.AddSingleton<IUserRows>(sp => sp.GetRequiredService<Accounts.UserRowCache>());
        services.AddHostedService<Accounts.UserChangedListener>();
        services.AddScoped<IAppDbContext>(sp => sp.GetRequiredService<AppDbContext>());
        services.AddScoped<DatabaseInitializer>();
        services.AddSingleton<PostgresTokenLedger>();
        services.AddSingleton<ITokenLedger>(sp => sp.GetRequiredService<PostgresTokenLedger>());
        services.AddScoped<PostgresGenerationOutcomes>();
        services.AddScoped<IGenerationOutcomes>(sp => sp.GetRequiredService<PostgresGenerationOutcomes>());
        services.AddSingleton<IGenerationIntake, Generations.PostgresGenerationIntake>();
        services.AddSingleton<IClientRegistry, PostgresClientRegistry>();
        services.AddSingleton<IRefreshTokenStore, PostgresRefreshTokenStore>();
        services.AddSingleton<IDistributedLock, PostgresAdvisoryLock>();
        services.AddSingleton<IIdempotencyClaims, Generations.PostgresIdempotencyClaims>();
        services.AddSingleton<IChatMessageLog, Chat.PostgresChatMessageLog>();
        services.AddScoped<IAccountEraser, Accounts.PostgresAccountEraser>();

        var jwt = JwtSettings.Read(settings);
        services.AddSingleton(jwt);
        services.AddSingleton<IAccessTokenIssuer, JwtAccessTokenIssuer>();
        services.AddSingleton<SecurityStamps>();
        services.AddSingleton<ISecurityStamps>(sp => sp.GetRequiredService<SecurityStamps>());
        services.AddHostedService<SecurityStampListener>();
        services.AddSingleton<SessionLiveness>();
        services.AddSingleton<ISessionLiveness>(sp => sp.GetRequiredService<SessionLiveness>());
        services.AddHostedService<EndedSessionListener>();
        services.AddJwtAuthentication(jwt);
        services.AddSingleton<IRateLimiter, RedisRateLimiter>();

        var smtp = SmtpSettings.Read(settings);
        services.AddSingleton(smtp);
        services.AddSingleton<IEmailSender, MailKitEmailSender>();
        services.AddHostedService<EmailOutboxWorker>();

        var suno = SunoSettings.Read(settings, address);
        services.AddSingleton(suno);
        if (suno.UseSimulator)
        {
            services.AddSingleton<IMusicProvider, SimulatedMusicProvider>();
        }
        else
        {
            services.AddHttpClient<IMusicProvider, SunoMusicProvider>(http => http.Timeout = suno.Timeout);
        }

        services.AddSingleton<BackplanePublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<BackplanePublisher>());
        services.AddHttpClient<IAudioFiles, Media.HttpAudioFiles>(http => http.Timeout = Timeout.InfiniteTimeSpan) // each fetch has its own MEDIA_FETCH_TIMEOUT_SECONDS
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false }); // redirects are checked one by one

        services.AddSingleton<IEventFeed, RedisEventFeed>();
        services.AddSingleton<IGenerationEvents, FeedGenerationEvents>();
        services.AddSingleton(WorkerSettings.Read(settings));
        services.AddSingleton<GenerationJobQueue>();
        services.AddHostedService<GenerationWorker>();
        services.AddSingleton<ReservationSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<ReservationSweeper>());

        var oauth = OAuthSettings.Read(settings);
        services.AddSingleton(oauth);
        services.AddHttpClient<OAuthHttp>(http => http.Timeout = oauth.Timeout);
        services.AddTransient<IOAuthClient, GoogleOAuthClient>();
        services.AddTransient<IOAuthClient, FacebookOAuthClient>();
        services.AddTransient<IOAuthClient, TikTokOAuthClient>();

        services.AddStripe(StripeSettings.Read(settings));

        services.AddRedis(settings, database);
        services.AddSingleton<ITrustedDocuments, PersistedDocuments.PostgresTrustedDocuments>();

        services.AddHealthChecks()
            .AddCheck<PostgresHealthCheck>("postgres", timeout: TimeSpan.FromSeconds(3))
            .AddCheck<MigrationsHealthCheck>("migrations", timeout: TimeSpan.FromSeconds(3))
            .AddCheck<RedisHealthCheck>("redis", failureStatus: HealthStatus.Degraded, timeout: TimeSpan.FromSeconds(3));
        services.AddInfrastructureTracing();
        return services;
    }

    /// <summary>Migrates (unless DB_MIGRATE_ON_START=false) and seeds, under a cross-instance lock.</summary>
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
    }
}
