using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.TokenPool;

/// <summary>
/// me { usage } is kept per instance under the user row's usage revision, and the row itself in the
/// per-instance cache of users' rows: a warm read sends no command; a change shows at once on the
/// instance that made it and within moments (an eviction through the event feed) on the others.
/// </summary>
[Collection(ApiCollection.Name)]
public class UsageCacheTests(ApiFactory api)
{
    private const string Usage = "{ me { usage { generations { used } shares { used } tokens { used } } } }";
    private const string Share = "mutation($id: ID!) { shareGeneration(input: { generationId: $id }) { slug errors { code } } }";

    [Fact]
    public async Task AWarmMeUsage_SendsNoCommandToPostgreSql()
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

        Assert.Equal(0, fewest);
    }

    [Fact]
    public async Task Usage_ReflectsAGenerationAShareAndARelease_WithinMoments_OnAnotherInstanceThatHadItCached()
    {
        var a = api.CreateClient();
        await using var otherInstance = api.With(("PASSWORD_HASH_ITERATIONS", "1000"));
        var b = otherInstance.CreateClient();
        var session = await a.RegisterAsync();
        var userId = Seed.IdOf(session.UserId);
        Assert.Equal("""{"generations":{"used":0},"shares":{"used":0},"tokens":{"used":0}}""", await UsageOnAsync(b, session.AccessToken));
        Assert.Equal("""{"generations":{"used":0},"shares":{"used":0},"tokens":{"used":0}}""", await UsageOnAsync(b, session.AccessToken));

        await a.CreateOkAsync(session.AccessToken, new { model = "V5", prompt = "usage on another instance" });
        await ShowsWithinMomentsAsync(b, session.AccessToken, """{"generations":{"used":1},"shares":{"used":0},"tokens":{"used":1}}""");

        var completed = (await Seed.CompletedGenerationsAsync(api, session.UserId, 1))[0];
        var shared = await a.PostAsAsync(session.AccessToken, Share, new { id = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"Generation:{completed:N}")) });
        Assert.Empty(shared.Data!["shareGeneration"]!["errors"]!.AsArray());
        Assert.Equal("""{"generations":{"used":1},"shares":{"used":1},"tokens":{"used":1}}""", await UsageOnAsync(a, session.AccessToken));
        await ShowsWithinMomentsAsync(b, session.AccessToken, """{"generations":{"used":1},"shares":{"used":1},"tokens":{"used":1}}""");

        var ledger = api.Services.GetRequiredService<ITokenLedger>();
        Assert.True(await ledger.ReleaseAsync(await ReservationOfAsync(userId), "test: the generation failed", CancellationToken.None));
        await ShowsWithinMomentsAsync(b, session.AccessToken, """{"generations":{"used":0},"shares":{"used":1},"tokens":{"used":0}}""");
    }

    private static async Task ShowsWithinMomentsAsync(HttpClient instance, string token, string expected) =>
        Assert.Equal(expected, await Eventually.ReadAsync(() => UsageOnAsync(instance, token), expected));

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
