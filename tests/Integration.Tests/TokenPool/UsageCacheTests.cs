using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.TokenPool;

/// <summary>me { usage } is kept per instance under the user row's usage revision: a warm read is one command, never stale.</summary>
[Collection(ApiCollection.Name)]
public class UsageCacheTests(ApiFactory api)
{
    private const string Usage = "{ me { usage { generations { used } shares { used } tokens { used } } } }";
    private const string Share = "mutation($id: ID!) { shareGeneration(input: { generationId: $id }) { slug errors { code } } }";

    [Fact]
    public async Task AWarmMeUsage_SendsOneCommandToPostgreSql_TheUserRow()
    {
        var client = api.CreateClient();
        var session = await client.RegisterAsync();
        await client.PostAsAsync(session.AccessToken, Usage); // warms the stamp, the session and the usage

        // The fewest of a few tries: work of other test collections may add commands, never remove them.
        var fewest = int.MaxValue;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var counter = new NpgsqlCommandCounter();
            var answer = await client.PostAsAsync(session.AccessToken, Usage);
            Assert.Equal(0, answer.Data!["me"]!["usage"]!["tokens"]!["used"]!.GetValue<int>());
            fewest = Math.Min(fewest, counter.Count);
        }

        Assert.Equal(1, fewest);
    }

    [Fact]
    public async Task Usage_ReflectsAGenerationAShareAndARelease_AtOnce_OnAnotherInstanceThatHadItCached()
    {
        var a = api.CreateClient();
        await using var otherInstance = api.With(("PASSWORD_HASH_ITERATIONS", "1000"));
        var b = otherInstance.CreateClient();
        var session = await a.RegisterAsync();
        var userId = Seed.IdOf(session.UserId);
        Assert.Equal("""{"generations":{"used":0},"shares":{"used":0},"tokens":{"used":0}}""", await UsageOnAsync(b, session.AccessToken));
        Assert.Equal("""{"generations":{"used":0},"shares":{"used":0},"tokens":{"used":0}}""", await UsageOnAsync(b, session.AccessToken));

        await a.CreateOkAsync(session.AccessToken, new { model = "V5", prompt = "usage on another instance" });
        Assert.Equal("""{"generations":{"used":1},"shares":{"used":0},"tokens":{"used":1}}""", await UsageOnAsync(b, session.AccessToken));

        var completed = (await Seed.CompletedGenerationsAsync(api, session.UserId, 1))[0];
        var shared = await a.PostAsAsync(session.AccessToken, Share, new { id = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"Generation:{completed:N}")) });
        Assert.Empty(shared.Data!["shareGeneration"]!["errors"]!.AsArray());
        Assert.Equal("""{"generations":{"used":1},"shares":{"used":1},"tokens":{"used":1}}""", await UsageOnAsync(b, session.AccessToken));

        var ledger = api.Services.GetRequiredService<ITokenLedger>();
        Assert.True(await ledger.ReleaseAsync(await ReservationOfAsync(userId), "test: the generation failed", CancellationToken.None));
        Assert.Equal("""{"generations":{"used":0},"shares":{"used":1},"tokens":{"used":0}}""", await UsageOnAsync(b, session.AccessToken));
    }

    private static async Task<string> UsageOnAsync(HttpClient instance, string token)
    {
        var answer = await instance.PostAsAsync(token, Usage);
        return (answer.Data?["me"]?["usage"] ?? JsonValue.Create(answer.Body!.ToJsonString()))!.ToJsonString();
    }

    private async Task<Guid> ReservationOfAsync(Guid userId)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM token_reservations WHERE user_id = @u AND state = 'Reserved'", connection);
        command.Parameters.AddWithValue("u", userId);
        return (Guid)(await command.ExecuteScalarAsync())!;
    }
}
