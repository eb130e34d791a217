using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Son1kVers3.Domain.Plans;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Generations;

/// <summary>What one accepted createGeneration costs PostgreSQL: the fewest round trips that keep it exact and durable.</summary>
[Collection(ApiCollection.Name)]
public sealed class CreateGenerationCostTests(ApiFactory api)
{
    private const string Create = "mutation($input: CreateGenerationInput!) { createGeneration(input: $input) { generation { id status } errors { code } } }";

    /// <summary>
    /// The signed-in user's row (read by authentication), then the reservation: one round trip reads what it is decided
    /// on, one autocommitted statement takes the token and stores the generation and its job (it was 7 commands, plus
    /// savepoints and the commit, in one transaction).
    /// </summary>
    [Fact]
    public async Task AnAcceptedCreateGeneration_SendsThreeCommandsToPostgreSql_TheUserRowAndTwoForTheReservationWithItsGeneration()
    {
        var client = api.CreateClient();
        var user = await client.RegisterAsync();
        await Seed.SetTierAsync(api, user.Email, Tier.Enterprise);
        await client.CreateOkAsync(user.AccessToken, new { model = "V5", prompt = "warm the path" });

        // The fewest of a few tries: work of other test collections may add commands, never remove them.
        IReadOnlyList<string> fewest = [.. Enumerable.Repeat("", 1000)];
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var counter = new NpgsqlCommandCounter();
            var answer = await client.PostAsAsync(user.AccessToken, Create, new { input = new { model = "V5", prompt = $"counted {attempt}" } });
            Assert.Equal("PENDING", answer.Data!["createGeneration"]!["generation"]!["status"]!.GetValue<string>());
            fewest = counter.Statements.Count < fewest.Count ? counter.Statements : fewest;
        }

        Assert.True(fewest.Count <= 3, $"one createGeneration sent {fewest.Count} commands:\n{string.Join("\n---\n", fewest)}");
    }

    /// <summary>
    /// PostgreSQL parsed and planned the reservation's statement (and the read batch before it) on every create: about
    /// 40 % of its CPU per generation. They are prepared (Sql), once per connection, which shows in PostgreSQL's own view
    /// of the server's connections, with the default settings (automatic preparation, DB_MAX_AUTO_PREPARE, stays off).
    /// </summary>
    [Fact]
    public async Task RepeatedCreates_RunAsStatementsPreparedOnTheServersConnections_NotParsedAndPlannedEachTime()
    {
        await using var server = api.With(("DB_MAX_AUTO_PREPARE", "0"));
        var client = server.CreateClient();
        var user = await client.RegisterAsync();
        await Seed.SetTierAsync(api, user.Email, Tier.Enterprise);
        for (var i = 0; i < 4; i++)
        {
            await client.CreateOkAsync(user.AccessToken, new { model = "V5", prompt = $"prepared {i}" });
        }

        static bool IsReservation(string statement) => statement.Contains("INSERT INTO token_reservations", StringComparison.Ordinal);
        static bool IsUserRead(string statement) => statement.Contains("SELECT tier, usage_revision FROM users", StringComparison.Ordinal);

        var prepared = await PreparedStatements.OnServerConnectionsAsync(server.Services, read => read.Any(IsReservation) && read.Any(IsUserRead));
        Assert.Contains(prepared, IsReservation);
        Assert.Contains(prepared, IsUserRead);
    }
}
