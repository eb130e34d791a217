using Son1kVers3.Domain.Plans;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Generations;

[Collection(ApiCollection.Name)]
public class ReadsDownloadsAndSharesTests(ApiFactory api)
{
    private readonly HttpClient _client = api.CreateClient();

    private static string Gid(string type, Guid id) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{type}:{id:N}"));

    [Fact]
    public async Task APageOf50Generations_WithTheirTracks_TakesAFixedNumberOfSqlCommands()
    {
        var user = await _client.RegisterAsync();
        await Seed.CompletedGenerationsAsync(api, user.UserId, 50);
        await _client.PostAsAsync(user.AccessToken, "{ me { id } }"); // warm up

        using var counter = new SqlCounter();
        var page = await _client.PostAsAsync(user.AccessToken, "{ myGenerations(first: 50) { totalCount nodes { id tracks { id audioUrl } } } }");

        var nodes = page.Data!["myGenerations"]!["nodes"]!.AsArray();
        Assert.Equal(50, nodes.Count);
        Assert.All(nodes, n => Assert.Equal(2, n!["tracks"]!.AsArray().Count));
        Assert.True(counter.Count <= 4, $"{counter.Count} SQL commands: user, page, count and one for all tracks expected");
    }

    [Fact]
    public async Task MyGenerations_PagesNewestFirst_WithCursors_StatusFilter_AndTotalCount()
    {
        var user = await _client.RegisterAsync();
        var completed = await Seed.CompletedGenerationsAsync(api, user.UserId, 5);
        await Seed.CompletedGenerationsAsync(api, user.UserId, 2, complete: false);
        const string query = "query($after: String) { myGenerations(first: 2, after: $after, status: COMPLETED) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id status } } } }";

        var ids = new List<string>();
        string? after = null;
        bool more;
        do
        {
            var page = (await _client.PostAsAsync(user.AccessToken, query, new { after })).Data!["myGenerations"]!;
            Assert.Equal(5, page["totalCount"]!.GetValue<int>());
            ids.AddRange(page["edges"]!.AsArray().Select(e => e!["node"]!["id"]!.GetValue<string>()));
            more = page["pageInfo"]!["hasNextPage"]!.GetValue<bool>();
            after = page["pageInfo"]!["endCursor"]!.GetValue<string>();
        }
        while (more);

        Assert.Equal(completed.Reverse().Select(id => Gid("Generation", id)), ids);
    }

    [Fact]
    public async Task Analytics_CountsGenerationsByStatus_AndToday()
    {
        var user = await _client.RegisterAsync();
        var admin = await _client.LoginAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword);
        const string query = "{ analytics { overview { generationsToday generationsByStatus(today: true) { key count } } } }";
        var before = (await _client.PostAsAsync(admin.AccessToken, query)).Data!["analytics"]!["overview"]!;

        await Seed.CompletedGenerationsAsync(api, user.UserId, 3);
        await Seed.CompletedGenerationsAsync(api, user.UserId, 2, complete: false);
        var after = (await _client.PostAsAsync(admin.AccessToken, query)).Data!["analytics"]!["overview"]!;

        int Count(System.Text.Json.Nodes.JsonNode o, string status) =>
            o["generationsByStatus"]!.AsArray().Single(e => e!["key"]!.GetValue<string>() == status)!["count"]!.GetValue<int>();
        Assert.Equal(5, after["generationsToday"]!.GetValue<int>() - before["generationsToday"]!.GetValue<int>());
        Assert.Equal(3, Count(after, "COMPLETED") - Count(before, "COMPLETED"));
        Assert.Equal(2, Count(after, "STREAMING") - Count(before, "STREAMING"));
    }

    [Fact]
    public async Task MyGenerations_RefusesMoreThan50()
    {
        var user = await _client.RegisterAsync();

        var response = await _client.PostAsAsync(user.AccessToken, "{ myGenerations(first: 51) { totalCount } }");

        Assert.Equal("BAD_USER_INPUT", response.FirstErrorCode);
        Assert.Contains("first", response.FirstErrorMessage);
    }

    [Fact]
    public async Task DownloadTrack_CountsOncePerTrackPerDay_AndStopsAtTheQuota()
    {
        var user = await _client.RegisterAsync();
        await Seed.SetTierAsync(api, user.Email, Tier.Pro);
        var generations = await Seed.CompletedGenerationsAsync(api, user.UserId, 6);
        var tracks = new List<string>();
        foreach (var id in generations)
        {
            var g = await _client.GetAsync(user.AccessToken, Gid("Generation", id));
            tracks.AddRange(g!["tracks"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()));
        }

        async Task<(string? Url, string? Code)> DownloadAsync(string trackId)
        {
            var payload = (await _client.PostAsAsync(user.AccessToken, "mutation($id: ID!) { downloadTrack(input: { trackId: $id }) { url errors { code } } }", new { id = trackId })).Data!["downloadTrack"]!;
            return (payload["url"]?.GetValue<string>(), payload["errors"]!.AsArray().FirstOrDefault()?["code"]?.GetValue<string>());
        }

        for (var i = 0; i < 10; i++)
        {
            Assert.NotNull((await DownloadAsync(tracks[i])).Url);
        }

        Assert.NotNull((await DownloadAsync(tracks[0])).Url); // again today: free
        Assert.Equal("QUOTA_EXCEEDED", (await DownloadAsync(tracks[10])).Code);
        var usage = (await _client.PostAsAsync(user.AccessToken, "{ me { usage { downloads { used limit remaining } } } }")).Data!["me"]!["usage"]!["downloads"]!;
        Assert.Equal("""{"used":10,"limit":10,"remaining":0}""", usage.ToJsonString());
    }

    [Fact]
    public async Task DownloadTrack_OfAnUnfinishedSong_IsNotCompleted_AndForFreeUsers_IsRefused()
    {
        var user = await _client.RegisterAsync();
        var unfinished = await Seed.CompletedGenerationsAsync(api, user.UserId, 1, complete: false);
        var finished = await Seed.CompletedGenerationsAsync(api, user.UserId, 1);
        async Task<string> CodeAsync(Guid generationId)
        {
            var track = (await _client.GetAsync(user.AccessToken, Gid("Generation", generationId)))!["tracks"]![0]!["id"]!.GetValue<string>();
            var payload = (await _client.PostAsAsync(user.AccessToken, "mutation($id: ID!) { downloadTrack(input: { trackId: $id }) { url errors { code } } }", new { id = track })).Data!["downloadTrack"]!;
            return payload["errors"]![0]!["code"]!.GetValue<string>();
        }

        Assert.Equal("NOT_COMPLETED", await CodeAsync(unfinished[0]));
        Assert.Equal("QUOTA_EXCEEDED", await CodeAsync(finished[0])); // FREE has no downloads
    }

    [Fact]
    public async Task ShareGeneration_GivesAPublicWatermarkedLinkForFree_ThatAnyoneCanRead()
    {
        var owner = await _client.RegisterAsync();
        var generation = (await Seed.CompletedGenerationsAsync(api, owner.UserId, 1))[0];
        const string share = "mutation($id: ID!) { shareGeneration(input: { generationId: $id }) { slug url watermarked errors { code } } }";

        var shared = (await _client.PostAsAsync(owner.AccessToken, share, new { id = Gid("Generation", generation) })).Data!["shareGeneration"]!;
        var again = (await _client.PostAsAsync(owner.AccessToken, share, new { id = Gid("Generation", generation) })).Data!["shareGeneration"]!;
        var slug = shared["slug"]!.GetValue<string>();
        var read = (await _client.PostAsync("query($s: String!) { sharedGeneration(slug: $s) { slug watermarked generation { status tracks { audioUrl } } } }", new { s = slug })).Data!["sharedGeneration"]!;

        Assert.True(shared["watermarked"]!.GetValue<bool>());
        Assert.EndsWith("/share/" + slug, shared["url"]!.GetValue<string>());
        Assert.Equal(slug, again["slug"]!.GetValue<string>());
        Assert.Equal("COMPLETED", read["generation"]!["status"]!.GetValue<string>());
        Assert.Equal(2, read["generation"]!["tracks"]!.AsArray().Count);
        var usage = (await _client.PostAsAsync(owner.AccessToken, "{ me { usage { shares { used limit } } } }")).Data!["me"]!["usage"]!["shares"]!;
        Assert.Equal("""{"used":1,"limit":5}""", usage.ToJsonString());
        Assert.Null((await _client.PostAsync("{ sharedGeneration(slug: \"nope\") { slug } }")).Data!["sharedGeneration"]);
    }

    [Fact]
    public async Task Free_SharesFiveTimesInItsLifetime_ThenQuotaExceeded()
    {
        var owner = await _client.RegisterAsync();
        var generations = await Seed.CompletedGenerationsAsync(api, owner.UserId, 6);
        var codes = new List<string?>();
        foreach (var id in generations)
        {
            var payload = (await _client.PostAsAsync(owner.AccessToken, "mutation($id: ID!) { shareGeneration(input: { generationId: $id }) { slug errors { code } } }", new { id = Gid("Generation", id) })).Data!["shareGeneration"]!;
            codes.Add(payload["errors"]!.AsArray().FirstOrDefault()?["code"]?.GetValue<string>());
        }

        Assert.Equal([null, null, null, null, null, "QUOTA_EXCEEDED"], codes);
    }
}
