using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Generations;

[Collection(ApiCollection.Name)]
public class NodeTests(ApiFactory api)
{
    private readonly HttpClient _client = api.CreateClient();
    private const string Node = "query($id: ID!) { node(id: $id) { __typename id ... on Generation { status } ... on Track { audioUrl } ... on User { email } } }";

    [Fact]
    public async Task Node_ResolvesGenerationsTracksAndUsers_ThatTheViewerMaySee()
    {
        var (owner, stranger) = (await _client.RegisterAsync(), await _client.RegisterAsync());
        var generationId = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"Generation:{(await Seed.CompletedGenerationsAsync(api, owner.UserId, 1))[0]:N}"));
        var trackId = (await _client.GetAsync(owner.AccessToken, generationId))!["tracks"]![0]!["id"]!.GetValue<string>();

        var generation = (await _client.PostAsAsync(owner.AccessToken, Node, new { id = generationId })).Data!["node"]!;
        var track = (await _client.PostAsAsync(owner.AccessToken, Node, new { id = trackId })).Data!["node"]!;
        var self = (await _client.PostAsAsync(owner.AccessToken, Node, new { id = owner.UserId })).Data!["node"]!;

        Assert.Equal(("Generation", "COMPLETED"), (generation["__typename"]!.GetValue<string>(), generation["status"]!.GetValue<string>()));
        Assert.Equal("Track", track["__typename"]!.GetValue<string>());
        Assert.Equal(owner.Email, self["email"]!.GetValue<string>());
        Assert.Null((await _client.PostAsAsync(stranger.AccessToken, Node, new { id = generationId })).Data!["node"]);
        Assert.Null((await _client.PostAsAsync(stranger.AccessToken, Node, new { id = trackId })).Data!["node"]);
        Assert.Null((await _client.PostAsAsync(stranger.AccessToken, Node, new { id = owner.UserId })).Data!["node"]);
        Assert.Null((await _client.PostAsAsync(owner.AccessToken, Node, new { id = "not-an-id" })).Data!["node"]);
    }
}
