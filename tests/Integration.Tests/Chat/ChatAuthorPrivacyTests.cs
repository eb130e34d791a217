using Son1kVers3.Integration.Tests.Support;
using static Son1kVers3.Integration.Tests.Support.Chat;

namespace Son1kVers3.Integration.Tests.Chat;

/// <summary>A message's author is a User: other readers see the public profile, never the author's private fields.</summary>
[Collection(ApiCollection.Name)]
public class ChatAuthorPrivacyTests(ApiFactory api)
{
    private const string Authors = "query($id: ID!) { chatRoom(id: $id) { messages(first: 5) { nodes { author { id displayName email linkedProviders subscription { tier } } } } } }";
    private const string AuthorUsage = "query($id: ID!) { chatRoom(id: $id) { messages(first: 5) { nodes { author { usage { generations { used } } } } } } }";

    [Fact]
    public async Task AnotherReader_SeesTheAuthorsPublicProfile_WithoutEmailSignInMethodsOrUsage()
    {
        var client = api.CreateClient();
        var room = await NewRoomAsync(client);
        var author = await client.RegisterAsync();
        var reader = await client.RegisterAsync();
        await SendOkAsync(client, author.AccessToken, room, "hello");

        var seenByReader = await client.PostAsAsync(reader.AccessToken, Authors, new { id = room });
        var seenByAuthor = await client.PostAsAsync(author.AccessToken, Authors, new { id = room });
        var usageByReader = await client.PostAsAsync(reader.AccessToken, AuthorUsage, new { id = room });

        Assert.True(seenByReader.Errors is null, seenByReader.Body?.ToJsonString());
        var publicView = seenByReader.Data!["chatRoom"]!["messages"]!["nodes"]![0]!["author"]!;
        Assert.Equal(author.UserId, publicView["id"]!.GetValue<string>());
        Assert.Equal("", publicView["email"]!.GetValue<string>());
        Assert.Empty(publicView["linkedProviders"]!.AsArray());
        Assert.Null(publicView["subscription"]);
        Assert.Equal(author.Email, seenByAuthor.Data!["chatRoom"]!["messages"]!["nodes"]![0]!["author"]!["email"]!.GetValue<string>());
        Assert.Equal("FORBIDDEN", usageByReader.FirstErrorCode);
    }
}
