using Npgsql;
using Son1kVers3.Application.Common;

namespace Son1kVers3.Infrastructure.Persistence;

public sealed record DatabaseSettings(string ConnectionString, bool MigrateOnStart, bool CreateIfMissing)
{
    public const string DefaultUrl = "postgresql://son1kvers3:son1kvers3@127.0.0.1:5432/son1kvers3";

    public static DatabaseSettings Read(SettingsReader settings)
    {
        var url = settings.Text("DATABASE_URL") ?? DefaultUrl;
        var connectionString = ToConnectionString(url, out var problem);
        if (problem is not null)
        {
            settings.Fail("DATABASE_URL", problem);
        }

        var poolSize = settings.Int("DB_MAX_POOL_SIZE", 50, min: 2, max: 1000);
        if (problem is null && !connectionString.Contains("Maximum Pool Size", StringComparison.OrdinalIgnoreCase))
        {
            connectionString = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = poolSize }.ConnectionString;
        }

        if (problem is null && !connectionString.Contains("No Reset On Close", StringComparison.OrdinalIgnoreCase))
        {
            connectionString = WithoutResetOnClose(connectionString);
        }

        var autoPrepare = settings.Int("DB_MAX_AUTO_PREPARE", 0, min: 0, max: 10_000);
        if (problem is null && !connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            connectionString = WithAutoPrepare(connectionString, autoPrepare);
        }

        return new DatabaseSettings(connectionString, settings.Bool("DB_MIGRATE_ON_START", true), settings.Bool("DB_CREATE_IF_MISSING", false));
    }

    /// <summary>
    /// Connections go back to the pool without Npgsql's reset. With prepared statements (see Sql) the reset is five statements
    /// (SET SESSION AUTHORIZATION DEFAULT, RESET ALL, pg_advisory_unlock_all(), DISCARD SEQUENCES, ...) sent ahead of the next
    /// use of the connection: about 35 statements per generation, some 20 % of PostgreSQL's CPU per generation in
    /// <c>./bench.sh gen</c>. The server leaves no session state to reset: it never runs SET, LISTEN or temporary tables, and
    /// its advisory locks are transaction-level (PostgresAdvisoryLock); a transaction left open is still rolled back on every
    /// return, by Npgsql whether or not it resets. A DATABASE_URL that names "No Reset On Close" keeps its own choice.
    /// </summary>
    public static string WithoutResetOnClose(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true }.ConnectionString;

    /// <summary>
    /// Npgsql prepares, on each connection, the statements it has sent twice (up to <paramref name="statements"/> of
    /// them, the least used dropped first): PostgreSQL then parses and plans each once per connection instead of on
    /// every execution. Parsing and planning were about 40 % of PostgreSQL's CPU per createGeneration and per worker
    /// step (perf, session 6). Off (0) by default: with it on, Npgsql 10.0.3 throws a NullReferenceException (a 500) on
    /// the first EF Core query after a PostgreSQL outage (PostgresOutageTests); by our reading of its source, the pooled context's
    /// connection recycles its command object with a preparation the outage left half done (npgsql/npgsql#6433 changed that code after 10.0.3).
    /// The hot statements, our own, are prepared explicitly instead (see Sql).
    /// </summary>
    public static string WithAutoPrepare(string connectionString, int statements) =>
        new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = statements, AutoPrepareMinUsages = 2 }.ConnectionString;

    /// <summary>
    /// The connection string with PostgreSQL checking, every second while a statement runs, that this process is still
    /// connected: a statement of a process killed meanwhile is aborted (rolled back) instead of committing unseen; a
    /// createGeneration is one autocommitted statement, so a server killed mid-create leaves nothing reserved.
    /// </summary>
    public static string WithClientCheck(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = $"{builder.Options} -c client_connection_check_interval=1000".Trim();
        return builder.ConnectionString;
    }

    /// <summary>
    /// Turns <c>postgresql://user:password@host:port/database?sslmode=require</c> into an Npgsql
    /// connection string. A value that is already a connection string (Host=…) is kept.
    /// </summary>
    public static string ToConnectionString(string url, out string? problem)
    {
        problem = null;
        if (url.Contains("Host=", StringComparison.OrdinalIgnoreCase))
        {
            return url;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgres" or "postgresql")
            || string.IsNullOrEmpty(uri.Host) || uri.AbsolutePath.Trim('/').Length == 0)
        {
            problem = "must look like postgresql://user:password@host:5432/database";
            return string.Empty;
        }

        var userInfo = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/')),
            Username = Uri.UnescapeDataString(userInfo[0]),
            Password = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : null,
        };
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            if (kv[0].Equals("sslmode", StringComparison.OrdinalIgnoreCase) && kv.Length == 2
                && Enum.TryParse<SslMode>(kv[1], ignoreCase: true, out var sslMode))
            {
                builder.SslMode = sslMode;
            }
        }

        return builder.ConnectionString;
    }
}
