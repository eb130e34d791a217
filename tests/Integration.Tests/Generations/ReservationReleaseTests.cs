using Npgsql;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Generations;

/// <summary>Whatever fails after createGeneration has reserved a token gives the reservation back.</summary>
[Collection(ApiCollection.Name)]
public class ReservationReleaseTests(ApiFactory api)
{
    private const string SlowPrompt = "stored slower than the request timeout";

    [Fact]
    public async Task ACreateThatTimesOutAfterReserving_LeavesNothingReserved_AndReportsTheTimeout()
    {
        await using var server = api.With(("GRAPHQL_TIMEOUT_SECONDS", "1"));
        var client = server.CreateClient();
        var user = await api.CreateClient().RegisterAsync();
        await client.PostAsync("{ plans { tier } }"); // warm: the first request of a server is slow
        var userId = Seed.IdOf(user.UserId);
        await using var slowInsert = await SlowGenerationInsertAsync();

        var response = await client.CreateAsync(user.AccessToken, new { model = "V5", prompt = SlowPrompt });
        var states = await ReservationStatesAfterTheSlowInsertAsync(userId);

        Assert.NotNull(response.Errors);
        Assert.Equal("TIMEOUT", response.FirstErrorCode);
        Assert.Empty(states); // the reservation was in the create's transaction, which never committed
    }

    /// <summary>The user's reservation states once the slow insert's transaction has ended (at most 10 s).</summary>
    private async Task<string[]> ReservationStatesAfterTheSlowInsertAsync(Guid userId)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            await using var sleeping = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND datname = current_database()", connection);
            if ((long)(await sleeping.ExecuteScalarAsync())! == 0)
            {
                break;
            }

            await Task.Delay(200);
        }

        await using var command = new NpgsqlCommand("SELECT state FROM token_reservations WHERE user_id = @u", connection);
        command.Parameters.AddWithValue("u", userId);
        var states = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            states.Add(reader.GetString(0));
        }

        return [.. states];
    }

    /// <summary>A trigger that makes storing a generation with <see cref="SlowPrompt"/> take 3 s; dropped on dispose.</summary>
    private async Task<IAsyncDisposable> SlowGenerationInsertAsync()
    {
        await ExecuteAsync($"""
            CREATE OR REPLACE FUNCTION test_slow_generation_insert() RETURNS trigger AS $$
            BEGIN
              IF NEW.prompt = '{SlowPrompt}' THEN PERFORM pg_sleep(3); END IF;
              RETURN NEW;
            END $$ LANGUAGE plpgsql;
            CREATE TRIGGER test_slow_generation_insert BEFORE INSERT ON generations
              FOR EACH ROW EXECUTE FUNCTION test_slow_generation_insert();
            """);
        return new Cleanup(() => ExecuteAsync("DROP TRIGGER IF EXISTS test_slow_generation_insert ON generations; DROP FUNCTION IF EXISTS test_slow_generation_insert();"));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private sealed class Cleanup(Func<Task> cleanup) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await cleanup();
    }
}
