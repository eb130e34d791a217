using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Son1kVers3.Infrastructure.Persistence;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Accounts;

/// <summary>myDataExport: a signed /media link (15 minutes) to one JSON file of everything held about the caller, and nothing of anyone else.</summary>
[Collection(ApiCollection.Name)]
public sealed class DataExportTests(ApiFactory api)
{
    private const string Export = "{ myDataExport { url expiresAt } }";

    private static async Task<JsonNode> ExportLinkAsync(HttpClient client, string token)
    {
        var response = await client.PostAsAsync(token, Export);
        Assert.True(response.Data?["myDataExport"] is JsonObject, response.Body?.ToJsonString());
        return response.Data!["myDataExport"]!;
    }

    private static string PathOf(JsonNode link) => new Uri(link["url"]!.GetValue<string>()).PathAndQuery;

    [Fact]
    public async Task MyDataExport_IsAJsonAttachment_OfTheCallersProfileGenerationsUsageSharesSessionsAndMessages_AndNothingOfAnotherUser()
    {
        await using var server = api.With(Support.Generations.FastWorker);
        var client = server.CreateClient();
        var owner = await client.RegisterAsync();
        var other = await client.RegisterAsync();
        var song = await client.CreateOkAsync(owner.AccessToken, new { model = "V5", prompt = "un bolero para la abuela" });
        await client.WaitForAsync(owner.AccessToken, song["id"]!.GetValue<string>(), "COMPLETED");
        var seeded = await Seed.CompletedGenerationsAsync(api, owner.UserId, 2);
        var theirs = await Seed.CompletedGenerationsAsync(api, other.UserId, 2);
        var slug = (await client.PostAsAsync(owner.AccessToken, "mutation($id: ID!) { shareGeneration(input: { generationId: $id }) { slug } }", new { id = song["id"]!.GetValue<string>() }))
            .Data!["shareGeneration"]!["slug"]!.GetValue<string>();
        var room = await Support.Chat.NewRoomAsync(client);
        var mine = await Support.Chat.SendOkAsync(client, owner.AccessToken, room, "¿alguien toca la guitarra?");
        var notMine = await Support.Chat.SendOkAsync(client, other.AccessToken, room, $"a secret of the other user {Guid.NewGuid():N}");

        var link = await ExportLinkAsync(client, owner.AccessToken);
        using var response = await client.GetAsync(PathOf(link));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(".json", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.InRange(link["expiresAt"]!.GetValue<DateTime>(), DateTime.UtcNow.AddMinutes(14), DateTime.UtcNow.AddMinutes(16));
        var file = JsonNode.Parse(text)!;
        Assert.Equal(owner.Email, file["profile"]!["email"]!.GetValue<string>());
        Assert.Equal(
            new[] { Seed.IdOf(song["id"]!.GetValue<string>()) }.Concat(seeded).Order(),
            file["generations"]!.AsArray().Select(g => Guid.Parse(g!["id"]!.GetValue<string>())).Order());
        Assert.All(file["generations"]!.AsArray(), g => Assert.Equal(2, g!["tracks"]!.AsArray().Count));
        Assert.Equal([slug], file["shares"]!.AsArray().Select(s => s!["slug"]!.GetValue<string>()));
        Assert.Equal([Seed.IdOf(mine)], file["chatMessages"]!.AsArray().Select(m => Guid.Parse(m!["id"]!.GetValue<string>())));
        Assert.Equal("¿alguien toca la guitarra?", file["chatMessages"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(["COMMITTED"], file["usageReservations"]!.AsArray().Select(r => r!["state"]!.GetValue<string>()));
        Assert.Equal(["RESERVE", "COMMIT"], file["usageLedger"]!.AsArray().Select(m => m!["kind"]!.GetValue<string>()));
        Assert.Single(file["sessions"]!.AsArray());
        Assert.True(file.AsObject().ContainsKey("subscription")); // null: never subscribed
        Assert.DoesNotContain(other.Email, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Seed.IdOf(other.UserId).ToString(), text, StringComparison.OrdinalIgnoreCase);
        Assert.All(theirs, id => Assert.DoesNotContain(id.ToString(), text, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(Seed.IdOf(notMine).ToString(), text, StringComparison.OrdinalIgnoreCase);
        foreach (var secret in await HashesOfAsync(owner.UserId))
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("hash", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AnExportLink_ThatWasAltered_Is403_AfterFifteenMinutesIs410_AndOfADeletedAccountIs404()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var server = api.WithClock(clock);
        var client = server.CreateClient();
        var owner = await client.RegisterAsync();
        var other = await client.RegisterAsync();
        var path = PathOf(await ExportLinkAsync(client, owner.AccessToken));
        var parts = path["/media/".Length..].Split('.');
        var forged = $"/media/{parts[0]}.{parts[1]}.{parts[2]}.{(parts[3][0] == 'A' ? 'B' : 'A')}{parts[3][1..]}";
        var someoneElse = $"/media/{Seed.IdOf(other.UserId):N}.{parts[1]}.{parts[2]}.{parts[3]}";
        var longer = $"/media/{parts[0]}.{parts[1]}.{long.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture) + 3600}.{parts[3]}";
        var asAudio = $"/media/{parts[0]}.d.{parts[2]}.{parts[3]}";

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(forged)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(someoneElse)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(longer)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(asAudio)).StatusCode);
        var ofDeleted = PathOf(await ExportLinkAsync(client, other.AccessToken));
        var deleted = await client.PostAsAsync(other.AccessToken, "mutation { deleteAccount(input: { password: \"correct horse battery\" }) { ok } }");
        Assert.True(deleted.Data!["deleteAccount"]!["ok"]!.GetValue<bool>(), deleted.Body?.ToJsonString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(ofDeleted)).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(HttpStatusCode.Gone, (await client.GetAsync(path)).StatusCode); // like an expired download link
    }

    [Fact]
    public async Task MyDataExport_Anonymously_IsUnauthenticated()
    {
        var response = await api.CreateClient().PostAsync(Export);

        Assert.Equal("UNAUTHENTICATED", response.FirstErrorCode);
    }

    /// <summary>The user's password hash and refresh-token hashes, as stored.</summary>
    private async Task<List<string>> HashesOfAsync(string userGlobalId)
    {
        var id = Seed.IdOf(userGlobalId);
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var hashes = await db.RefreshTokens.Where(t => t.UserId == id).Select(t => t.TokenHash).ToListAsync();
        hashes.Add((await db.Users.Where(u => u.Id == id).Select(u => u.PasswordHash).SingleAsync())!);
        Assert.True(hashes.Count >= 2);
        return hashes;
    }
}
