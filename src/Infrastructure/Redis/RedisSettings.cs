using System.Text.RegularExpressions;
using Son1kVers3.Application.Common;
using StackExchange.Redis;

namespace Son1kVers3.Infrastructure.Redis;

/// <summary>
/// How to reach Redis, and the namespace of this deployment in it: every key and pub/sub
/// channel starts with <see cref="Prefix"/> (pub/sub ignores the database number, so two
/// deployments on one Redis would otherwise hear each other's events).
/// </summary>
public sealed partial record RedisSettings(ConfigurationOptions Options, string Prefix, int PublishQueueSize)
{
    public const string DefaultUrl = "redis://127.0.0.1:6379";
    public const string DefaultPrefix = "son1kvers3";
    public const int MaxPrefixLength = 64;

    /// <summary>Reads REDIS_URL, REDIS_PREFIX (default: the PostgreSQL database name) and REDIS_PUBLISH_QUEUE_SIZE.</summary>
    public static RedisSettings Read(SettingsReader settings, string? databaseName = null)
    {
        var url = settings.Text("REDIS_URL") ?? DefaultUrl;
        var options = ToOptions(url, out var problem);
        if (problem is not null)
        {
            settings.Fail("REDIS_URL", problem);
        }

        var prefix = settings.Text("REDIS_PREFIX");
        if (prefix is not null && !PrefixPattern().IsMatch(prefix))
        {
            settings.Fail("REDIS_PREFIX", $"must be 1 to {MaxPrefixLength} letters, digits, '.', '-', '_' or ':'; got '{prefix}'");
        }

        var queueSize = settings.Int("REDIS_PUBLISH_QUEUE_SIZE", 1000, min: 1, max: 1_000_000);
        return new RedisSettings(options, prefix ?? PrefixFor(databaseName), queueSize);
    }

    /// <summary>The default prefix: the database name, with any character a prefix may not hold replaced by '_'.</summary>
    public static string PrefixFor(string? databaseName)
    {
        if (string.IsNullOrWhiteSpace(databaseName))
        {
            return DefaultPrefix;
        }

        var safe = NotAllowed().Replace(databaseName.Trim(), "_");
        return safe.Length > MaxPrefixLength ? safe[..MaxPrefixLength] : safe;
    }

    public RedisKey Key(string name) => $"{Prefix}:{name}";

    public RedisChannel Channel(string topic) => RedisChannel.Literal($"{Prefix}:{topic}");

    /// <summary>Turns <c>redis://[user:password@]host:port[/db]</c> (or rediss:// for TLS) into client options.</summary>
    public static ConfigurationOptions ToOptions(string url, out string? problem)
    {
        problem = null;
        var options = new ConfigurationOptions
        {
            AbortOnConnectFail = false,
            ConnectTimeout = 3000,
            AsyncTimeout = 3000,
            SyncTimeout = 3000,
            // While Redis is away a command fails at once instead of waiting in a backlog:
            // no request waits on Redis (publishing is queued by the server itself).
            BacklogPolicy = BacklogPolicy.FailFast,
            ClientName = "son1kvers3",
        };
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("redis" or "rediss") || string.IsNullOrEmpty(uri.Host))
        {
            problem = "must look like redis://host:6379 (or rediss:// for TLS, with optional user:password@ and /database)";
            return options;
        }

        options.EndPoints.Add(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port);
        options.Ssl = uri.Scheme == "rediss";
        if (uri.UserInfo.Length > 0)
        {
            var userInfo = uri.UserInfo.Split(':', 2);
            options.User = userInfo.Length > 1 && userInfo[0].Length > 0 ? Uri.UnescapeDataString(userInfo[0]) : null;
            options.Password = Uri.UnescapeDataString(userInfo[^1]);
        }

        if (int.TryParse(uri.AbsolutePath.Trim('/'), System.Globalization.CultureInfo.InvariantCulture, out var database))
        {
            options.DefaultDatabase = database;
        }

        return options;
    }

    [GeneratedRegex(@"^[A-Za-z0-9._:\-]{1,64}$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PrefixPattern();

    [GeneratedRegex(@"[^A-Za-z0-9._:\-]", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex NotAllowed();
}
