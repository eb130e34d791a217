using Npgsql;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Hosting;

/// <summary>The real server process, started against a database it cannot use, stops with one line that says what to do.</summary>
[Collection(ApiCollection.Name)]
public class StartupDatabaseErrorTests(ApiFactory api)
{
    private string UrlWith(Action<NpgsqlConnectionStringBuilder> change)
    {
        var builder = new NpgsqlConnectionStringBuilder(api.ConnectionString);
        change(builder);
        return builder.ConnectionString;
    }

    private static string MissingName() => $"s1kv_missing_{Guid.NewGuid():N}"[..30];

    private static void AssertOneLineWithoutStackTrace(string output, params string[] expected)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, "Expected one line, got:\n" + output);
        Assert.DoesNotContain(" at Son1kVers3", output);
        Assert.DoesNotContain("Exception", output);
        foreach (var text in expected)
        {
            Assert.Contains(text, lines[0]);
        }
    }

    [Fact]
    public async Task AMissingDatabase_StopsTheServer_WithOneLineNamingDatabaseUrl_AndHowToCreateIt()
    {
        var name = MissingName();

        var (exitCode, output) = await FailingServerProcess.RunUntilExitAsync(api, ("DATABASE_URL", UrlWith(b => b.Database = name)));

        Assert.NotEqual(0, exitCode);
        AssertOneLineWithoutStackTrace(output, "DATABASE_URL", $"'{name}', which does not exist", "createdb", "DB_CREATE_IF_MISSING=true");
    }

    [Fact]
    public async Task RefusedCredentials_StopTheServer_WithOneLineNamingDatabaseUrl_WithoutThePassword()
    {
        var (exitCode, output) = await FailingServerProcess.RunUntilExitAsync(api, ("DATABASE_URL", UrlWith(b => b.Password = "not-the-password-41")));

        Assert.NotEqual(0, exitCode);
        AssertOneLineWithoutStackTrace(output, "DATABASE_URL", "refused the user", "Check the user name and password");
        Assert.DoesNotContain("not-the-password-41", output);
    }

    [Fact]
    public async Task AMissingDatabase_IsCreated_WhenDbCreateIfMissingIsOn_AndTheRoleMayCreateDatabases()
    {
        var name = MissingName();
        var url = UrlWith(b => b.Database = name);
        try
        {
            await using (var server = await ServerProcess.StartAsync(api, ("DATABASE_URL", url), ("DB_CREATE_IF_MISSING", "true")))
            {
                var response = await server.Client.PostAsync("{ plans { tier } }");
                Assert.NotNull(response.Data?["plans"]);
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(UrlWith(b => { b.Database = "postgres"; b.Pooling = false; }));
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
