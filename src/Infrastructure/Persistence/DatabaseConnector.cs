using Microsoft.Extensions.Logging;
using Npgsql;
using Son1kVers3.Application.Common;

namespace Son1kVers3.Infrastructure.Persistence;

/// <summary>
/// Opens the first connection at start. Waits for a PostgreSQL that is still starting; creates a
/// missing database when DB_CREATE_IF_MISSING allows it and the role may (CREATEDB); turns every
/// other refusal into one line that names DATABASE_URL and says what to do, never a stack trace.
/// </summary>
internal sealed class DatabaseConnector(DatabaseSettings settings, TimeProvider clock, ILogger logger)
{
    private const string InvalidCatalogName = "3D000";
    private const string DuplicateDatabase = "42P04";
    private static readonly TimeSpan WaitForDatabase = TimeSpan.FromSeconds(30);

    private readonly NpgsqlConnectionStringBuilder _target = new(settings.ConnectionString);

    private string Where => $"{_target.Host}:{_target.Port}";

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + WaitForDatabase;
        var createdOnce = false;
        while (true)
        {
            var connection = new NpgsqlConnection(settings.ConnectionString);
            try
            {
                await connection.OpenAsync(cancellationToken);
                return connection;
            }
            catch (PostgresException ex) when (ex.SqlState == InvalidCatalogName && !createdOnce)
            {
                await connection.DisposeAsync();
                await CreateDatabaseAsync(cancellationToken);
                createdOnce = true;
            }
            catch (NpgsqlException ex) when (ex.IsTransient && clock.GetUtcNow() < deadline)
            {
                await connection.DisposeAsync();
                logger.LogWarning("PostgreSQL is not answering yet ({Message}); retrying", ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
            catch (NpgsqlException ex)
            {
                await connection.DisposeAsync();
                throw new StartupFailedException(Explain(ex));
            }
        }
    }

    private async Task CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        var name = _target.Database!;
        var missing = $"DATABASE_URL names the database '{name}', which does not exist on {Where}.";
        if (!settings.CreateIfMissing)
        {
            throw new StartupFailedException(
                $"{missing} Create it (createdb -h {_target.Host} -p {_target.Port} -U {_target.Username} {name}), or set DB_CREATE_IF_MISSING=true to let the server create it (the role needs CREATEDB).");
        }

        var maintenance = new NpgsqlConnectionStringBuilder(settings.ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (!await Sql.ScalarAsync<bool>(connection, null, "SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user", cancellationToken))
            {
                throw new StartupFailedException(
                    $"{missing} DB_CREATE_IF_MISSING is on, but the role '{_target.Username}' may not create databases: create it as an administrator, or grant CREATEDB.");
            }

            await Sql.ExecuteAsync(connection, null, $"CREATE DATABASE {QuoteIdentifier(name)}", cancellationToken);
            logger.LogWarning("DATABASE_URL named the database '{Database}', which did not exist on {Where}: created it (DB_CREATE_IF_MISSING=true)", name, Where);
        }
        catch (PostgresException ex) when (ex.SqlState == DuplicateDatabase)
        {
            // Another instance created it at the same moment.
        }
        catch (NpgsqlException ex)
        {
            throw new StartupFailedException($"{missing} Creating it failed: {Explain(ex)}");
        }
    }

    private string Explain(NpgsqlException ex) => ex switch
    {
        PostgresException { SqlState: "28P01" or "28000" } =>
            $"DATABASE_URL: PostgreSQL at {Where} refused the user '{_target.Username}' ({ex.Message.Split(':', 2)[^1].Trim()}). Check the user name and password in DATABASE_URL, and that the role exists.",
        PostgresException { SqlState: "42501" } =>
            $"DATABASE_URL: the user '{_target.Username}' may not connect to the database '{_target.Database}' on {Where}: grant it CONNECT, or use the database's owner.",
        _ when ex.IsTransient =>
            $"DATABASE_URL: no PostgreSQL answered at {Where} within {WaitForDatabase.TotalSeconds:0} s ({ex.Message}). Start PostgreSQL, or correct the host and port.",
        _ => $"DATABASE_URL: PostgreSQL at {Where} refused the connection: {ex.Message}",
    };

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
