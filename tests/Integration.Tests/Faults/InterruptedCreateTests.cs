using Npgsql;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Faults;

/// <summary>
/// createGeneration reserves, stores the generation and enqueues its job in one transaction: a
/// create interrupted at any of those steps (a failing insert, a server killed mid-create) leaves
/// nothing reserved, with no sweeper needed.
/// </summary>
[Collection(ApiCollection.Name)]
public class InterruptedCreateTests(ApiFactory api)
{
    private const string Marker = "interrupted create";

    [Theory]
    [InlineData("generations")]
    [InlineData("generation_jobs")]
    public async Task ACreateWhoseInsertFailsAfterTheReserve_LeavesNothingReserved(string failingTable)
    {
        var client = api.CreateClient();
        var user = await client.RegisterAsync();
        await using var trigger = await FaultTrigger.InstallAsync(api, failingTable, "RAISE EXCEPTION 'injected failure'");
        var before = await LedgerTraceAsync(Seed.IdOf(user.UserId));

        var response = await client.CreateAsync(user.AccessToken, new { model = "V5", prompt = Marker });

        Assert.NotNull(response.Errors);
        Assert.Equal((0, 0, before.PoolReserved), await LedgerTraceAsync(Seed.IdOf(user.UserId)));
    }

    [Fact]
    public async Task AServerKilledWhileStoringAGeneration_LeavesNothingReserved()
    {
        await using var server = await ServerProcess.StartAsync(api);
        var user = await server.Client.RegisterAsync();
        await using var trigger = await FaultTrigger.InstallAsync(api, "generation_jobs", "PERFORM pg_sleep(3)");
        var before = await LedgerTraceAsync(Seed.IdOf(user.UserId));

        var create = server.Client.CreateAsync(user.AccessToken, new { model = "V5", prompt = Marker });
        Assert.True(await WaitForAsync("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND datname = current_database()", 1), "the create never reached its job insert"); // it sleeps 3 s there, then finds its client gone
        server.Kill();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => create);

        Assert.True(await WaitForAsync("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND datname = current_database()", 0), "the killed server's transaction is still open");
        Assert.Equal((0, 0, before.PoolReserved), await LedgerTraceAsync(Seed.IdOf(user.UserId)));
    }

    /// <summary>The user's reservations and ledger movements, and the pool's reserved tokens (all users: compare with before).</summary>
    private async Task<(long Reservations, long Movements, long PoolReserved)> LedgerTraceAsync(Guid userId)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM token_reservations WHERE user_id = @u),
                   (SELECT count(*) FROM token_movements WHERE user_id = @u),
                   (SELECT coalesce(sum(free_reserved + paid_reserved), 0) FROM pool_day_shards)
            """, connection);
        command.Parameters.AddWithValue("u", userId);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private async Task<bool> WaitForAsync(string countQuery, long expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        while (DateTime.UtcNow < deadline)
        {
            await using var command = new NpgsqlCommand(countQuery, connection);
            if ((long)(await command.ExecuteScalarAsync())! == expected)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    /// <summary>A row trigger that runs the given statement on inserts belonging to the marked create; dropped on dispose.</summary>
    private sealed class FaultTrigger(string connectionString, string table) : IAsyncDisposable
    {
        public static async Task<FaultTrigger> InstallAsync(ApiFactory api, string table, string statement)
        {
            var generationId = table == "generations" ? "NEW.id" : "NEW.generation_id";
            await ExecuteAsync(api.ConnectionString, $"""
                CREATE OR REPLACE FUNCTION test_fault() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF {(table == "generations" ? "NEW.prompt" : $"(SELECT prompt FROM generations WHERE id = {generationId})")} = '{Marker}' THEN
                        {statement};
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER test_fault BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION test_fault();
                """);
            return new FaultTrigger(api.ConnectionString, table);
        }

        public async ValueTask DisposeAsync() =>
            await ExecuteAsync(connectionString, $"DROP TRIGGER IF EXISTS test_fault ON {table}; DROP FUNCTION IF EXISTS test_fault();");

        private static async Task ExecuteAsync(string connectionString, string sql)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
