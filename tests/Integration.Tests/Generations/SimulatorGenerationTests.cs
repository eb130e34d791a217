using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Son1kVers3.Infrastructure.Persistence;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Generations;

/// <summary>The whole flow on the embedded simulator, as a developer sees it out of the box.</summary>
[Collection(ApiCollection.Name)]
public class SimulatorGenerationTests(ApiFactory api)
{
    private const string UsageQuery = "{ me { usage { generations { used remaining } tokens { used } } } }";

    [Fact]
    public async Task ASong_GoesFromPendingToCompleted_WithTwoPlayableTracks_AndIsChargedOnce()
    {
        await using var server = api.With(Support.Generations.FastWorker);
        var client = server.CreateClient();
        var user = await client.RegisterAsync();

        var created = await client.CreateOkAsync(user.AccessToken, new { model = "V5", prompt = "a dreamy synthwave song about the sea" });
        Assert.Equal("PENDING", created["status"]!.GetValue<string>());
        var done = await client.WaitForAsync(user.AccessToken, created["id"]!.GetValue<string>(), "COMPLETED");

        var tracks = done["tracks"]!.AsArray();
        Assert.Equal(2, tracks.Count);
        foreach (var track in tracks)
        {
            Assert.True(track!["durationSeconds"]!.GetValue<double>() > 0);
            Assert.Null(track["audioUrl"]); // not downloaded
            var audio = await client.GetAsync(new Uri(track["streamAudioUrl"]!.GetValue<string>()).PathAndQuery);
            var bytes = await audio.Content.ReadAsByteArrayAsync();
            Assert.Equal(HttpStatusCode.OK, audio.StatusCode);
            Assert.Equal("audio/wav", audio.Content.Headers.ContentType!.MediaType);
            Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
            Assert.True(bytes.Length > 100_000);
            var cover = await client.GetAsync(new Uri(track["imageUrl"]!.GetValue<string>()).PathAndQuery);
            Assert.Equal("image/svg+xml", cover.Content.Headers.ContentType!.MediaType);
        }

        var usage = (await client.PostAsAsync(user.AccessToken, UsageQuery)).Data!["me"]!["usage"]!;
        Assert.Equal("""{"generations":{"used":1,"remaining":4},"tokens":{"used":1}}""", usage.ToJsonString());
        Assert.Equal("Committed", await ReservationStateAsync(done["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AFailedSong_GivesItsQuotaAndTokenBack()
    {
        await using var server = api.With(Support.Generations.FastWorker);
        var client = server.CreateClient();
        var user = await client.RegisterAsync();

        var created = await client.CreateOkAsync(user.AccessToken, new { model = "V5", prompt = "this one will [fail]" });
        var failed = await client.WaitForAsync(user.AccessToken, created["id"]!.GetValue<string>(), "FAILED");

        Assert.Contains("could not make this song", failed["failureReason"]!.GetValue<string>());
        var usage = (await client.PostAsAsync(user.AccessToken, UsageQuery)).Data!["me"]!["usage"]!;
        Assert.Equal("""{"generations":{"used":0,"remaining":5},"tokens":{"used":0}}""", usage.ToJsonString());
        Assert.Equal("Released", await ReservationStateAsync(failed["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task RetriesWithTheSameIdempotencyKey_ReturnTheFirstGeneration_AndChargeOnce()
    {
        var client = api.CreateClient();
        var user = await client.RegisterAsync();
        var input = new { model = "V3_5", prompt = "a folk song", idempotencyKey = "tap-123" };

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => client.CreateOkAsync(user.AccessToken, input)));

        Assert.Single(results.Select(r => r!["id"]!.GetValue<string>()).Distinct());
        var usage = (await client.PostAsAsync(user.AccessToken, UsageQuery)).Data!["me"]!["usage"]!;
        Assert.Equal(1, usage["generations"]!["used"]!.GetValue<int>());
    }

    [Fact]
    public async Task FortySimultaneousCreates_ByOneProUser_AcceptExactlyFour()
    {
        await using var server = api.With(("GRAPHQL_MAX_INFLIGHT_MUTATIONS_PER_USER", "40")); // all forty at the ledger at once
        var client = server.CreateClient();
        var user = await client.RegisterAsync();
        await Seed.SetTierAsync(api, user.Email, Domain.Plans.Tier.Pro);

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => client.CreateAsync(user.AccessToken, new { model = "V5", prompt = $"song {i}" })));

        var errors = results.Select(r => r.Data!["createGeneration"]!["errors"]!.AsArray()).ToList();
        Assert.Equal(4, errors.Count(e => e.Count == 0));
        Assert.All(errors.Where(e => e.Count > 0), e => Assert.Equal("QUOTA_EXCEEDED", e[0]!["code"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("V5", false, null, null, null, "prompt")]
    [InlineData("V3_5", true, "la la", null, "Title", "style")]
    [InlineData("V5", false, "a song", "rock", null, "style")]
    public async Task InvalidInput_IsValidation_NamingTheField(string model, bool customMode, string? prompt, string? style, string? title, string field)
    {
        var client = api.CreateClient();
        var user = await client.RegisterAsync();

        var response = await client.CreateAsync(user.AccessToken, new { model, customMode, prompt, style, title });

        var error = response.Data!["createGeneration"]!["errors"]![0]!;
        Assert.Equal("VALIDATION", error["code"]!.GetValue<string>());
        Assert.StartsWith(field + ":", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateGeneration_WhenAnonymous_IsUnauthenticated()
    {
        var response = await api.CreateClient().PostAsync("mutation { createGeneration(input: { model: V5, prompt: \"x\" }) { errors { code } } }");

        Assert.Equal("UNAUTHENTICATED", response.FirstErrorCode);
    }

    [Fact]
    public async Task Generation_OfAnotherUser_IsNull()
    {
        var client = api.CreateClient();
        var (owner, other) = (await client.RegisterAsync(), await client.RegisterAsync());
        var created = await client.CreateOkAsync(owner.AccessToken, new { model = "V5", prompt = "mine" });

        Assert.Null(await client.GetAsync(other.AccessToken, created["id"]!.GetValue<string>()));
        Assert.NotNull(await client.GetAsync(owner.AccessToken, created["id"]!.GetValue<string>()));
    }

    private async Task<string> ReservationStateAsync(string generationGlobalId)
    {
        var id = Seed.IdOf(generationGlobalId);
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var reservationId = await db.Generations.Where(g => g.Id == id).Select(g => g.ReservationId).SingleAsync();
        return (await db.TokenReservations.SingleAsync(r => r.Id == reservationId)).State.ToString();
    }
}
