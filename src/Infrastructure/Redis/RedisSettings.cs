using Son1kVers3.Application.Common;
using StackExchange.Redis;

namespace Son1kVers3.Infrastructure.Redis;

public sealed record RedisSettings(ConfigurationOptions Options)
{
    public const string DefaultUrl = "redis://127.0.0.1:6379";

    public static RedisSettings Read(SettingsReader settings)
    {
        var url = settings.Text("REDIS_URL") ?? DefaultUrl;
        var options = ToOptions(url, out var problem);
        if (problem is not null)
        {
            settings.Fail("REDIS_URL", problem);
        }

        return new RedisSettings(options);
    }

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

        if (int.TryParse(uri.AbsolutePath.Trim('/'), out var database))
        {
            options.DefaultDatabase = database;
        }

        return options;
    }
}
