using Microsoft.Extensions.Configuration;
using Npgsql;
using Son1kVers3.Application.Common;
using Son1kVers3.GraphQL.Hosting;
using Son1kVers3.Infrastructure.Auth;
using Son1kVers3.Infrastructure.Persistence;
using Son1kVers3.Infrastructure.Redis;

namespace Son1kVers3.Integration.Tests.Hosting;

public class SettingsTests
{
    private static SettingsReader Reader(params (string Key, string Value)[] values) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build());

    [Fact]
    public void MissingJwtSecret_StopsTheServer_NamingTheVariable()
    {
        var settings = Reader(("JWT_REFRESH_SECRET", new string('r', 40)));
        JwtSettings.Read(settings);

        var error = Assert.Throws<InvalidSettingsException>(settings.ThrowIfInvalid);
        Assert.Contains("JWT_SECRET is required", error.Message);
    }

    [Fact]
    public void ShortJwtSecret_IsRefused_SayingTheMinimum()
    {
        var settings = Reader(("JWT_SECRET", "short"), ("JWT_REFRESH_SECRET", new string('r', 40)));
        JwtSettings.Read(settings);

        Assert.Contains("JWT_SECRET must be at least 32 characters; it has 5", Assert.Single(settings.Errors));
    }

    [Theory]
    [InlineData("PORT", "abc", "PORT must be a whole number from 1 to 65535; got 'abc'")]
    [InlineData("PORT", "70000", "PORT must be a whole number")]
    [InlineData("CORS_ORIGIN", "https://ok.test,not-an-origin", "'not-an-origin' is not one")]
    [InlineData("PUBLIC_URL", "api.example.com", "PUBLIC_URL must be an absolute URL")]
    public void MalformedHostSettings_AreNamed(string key, string value, string expected)
    {
        var settings = Reader((key, value));
        HostSettings.Read(settings, isDevelopment: false);

        Assert.Contains(expected, Assert.Single(settings.Errors));
    }

    [Fact]
    public void DatabaseUrl_IsTurnedIntoAConnectionString()
    {
        var settings = Reader(("DATABASE_URL", "postgresql://app:p%40ss@db.internal:6543/music?sslmode=require"));
        var database = DatabaseSettings.Read(settings);

        Assert.Empty(settings.Errors);
        Assert.Contains("Host=db.internal", database.ConnectionString);
        Assert.Contains("Port=6543", database.ConnectionString);
        Assert.Contains("Database=music", database.ConnectionString);
        Assert.Contains("Username=app", database.ConnectionString);
        Assert.Contains("Password=p@ss", database.ConnectionString);
        Assert.Contains("SSL Mode=Require", database.ConnectionString);
        Assert.True(new NpgsqlConnectionStringBuilder(database.ConnectionString).NoResetOnClose); // see DatabaseSettings.WithoutResetOnClose
    }

    [Theory]
    [InlineData("mysql://u:p@h/db")]
    [InlineData("postgresql://u:p@h")]
    [InlineData("not a url")]
    public void MalformedDatabaseUrl_IsNamed(string url)
    {
        var settings = Reader(("DATABASE_URL", url));
        DatabaseSettings.Read(settings);

        Assert.StartsWith("DATABASE_URL must look like postgresql://", Assert.Single(settings.Errors));
    }

    [Fact]
    public void RedisUrl_WithPasswordAndDatabase_IsUnderstood()
    {
        var settings = Reader(("REDIS_URL", "rediss://:s3cret@cache.internal:6380/2"));
        var options = RedisSettings.Read(settings).Options;

        Assert.Empty(settings.Errors);
        Assert.Equal("cache.internal:6380", options.EndPoints.Single().ToString()!.Replace("Unspecified/", ""));
        Assert.Equal("s3cret", options.Password);
        Assert.True(options.Ssl);
        Assert.Equal(2, options.DefaultDatabase);
    }

    [Fact]
    public void MalformedRedisUrl_IsNamed()
    {
        var settings = Reader(("REDIS_URL", "localhost:6379"));
        RedisSettings.Read(settings);

        Assert.StartsWith("REDIS_URL must look like redis://", Assert.Single(settings.Errors));
    }

    [Fact]
    public void AdminEmailWithoutPassword_IsRefused()
    {
        var settings = Reader(("ADMIN_EMAIL", "admin@example.com"));
        AdminSeedSettings.Read(settings);

        Assert.Equal("ADMIN_PASSWORD must be set together with ADMIN_EMAIL", Assert.Single(settings.Errors));
    }

    [Fact]
    public void EveryProblem_IsReported_AtOnce()
    {
        var settings = Reader(("PORT", "x"), ("POOL_FREE_BASE", "-1"), ("GRAPHQL_INTROSPECTION", "maybe"));
        HostSettings.Read(settings, false);
        Son1kVers3.Application.TokenPool.PoolSettings.Read(settings);
        Son1kVers3.GraphQL.Transport.GraphQLHttpSettings.Read(settings, false);

        Assert.Equal(3, settings.Errors.Count);
    }
}
