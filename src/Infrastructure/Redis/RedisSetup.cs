using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.Common;
using Son1kVers3.Infrastructure.Persistence;
using StackExchange.Redis;

namespace Son1kVers3.Infrastructure.Redis;

public static class RedisSetup
{
    /// <summary>The connection (REDIS_URL, keys under REDIS_PREFIX, default: the database name), its circuit breaker and the APQ store.</summary>
    public static IServiceCollection AddRedis(this IServiceCollection services, SettingsReader settings, DatabaseSettings database)
    {
        var redis = RedisSettings.Read(settings, new NpgsqlConnectionStringBuilder(database.ConnectionString).Database);
        services.AddSingleton(redis);
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis.Options));
        services.AddSingleton<RedisCircuit>();
        services.AddSingleton<IAutomaticPersistedQueries, RedisAutomaticPersistedQueries>();
        return services;
    }
}
