using System.Net;
using System.Text.Json;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Persisted;

/// <summary>Trusted documents imported by the <c>persisted import</c> command, and a server in persisted-only mode.</summary>
[Collection(ApiCollection.Name)]
public class TrustedDocumentTests(ApiFactory api)
{
    [Fact]
    public async Task TheImportCommand_LoadsAnApolloManifestAndAPlainMap_AndAPersistedOnlyServerRunsOnlyThoseDocuments()
    {
        var plans = PersistedOps.Unique("query Plans { plans { tier } }");
        var me = PersistedOps.Unique("query Me { me { email } }");
        var apollo = JsonSerializer.Serialize(new
        {
            format = "apollo-persisted-query-manifest",
            version = 1,
            operations = new[] { new { id = PersistedOps.Sha256(plans), name = "Plans", type = "query", body = plans } },
        });
        var map = JsonSerializer.Serialize(new Dictionary<string, string> { [PersistedOps.Sha256(me)] = me, [PersistedOps.Sha256(plans)] = plans });

        var first = await PersistedOps.ImportAsync(api, apollo);
        var second = await PersistedOps.ImportAsync(api, map);
        var user = await api.CreateClient().RegisterAsync();
        await using var server = api.With(("GRAPHQL_PERSISTED_ONLY", "true"));
        var client = server.CreateClient();

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains("1 documents", first.Output);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("2 documents", second.Output);
        Assert.Contains("1 new", second.Output);
        var byDocumentId = await client.PostBodyAsync(new { documentId = "sha256:" + PersistedOps.Sha256(plans) });
        Assert.Null(byDocumentId.Errors);
        Assert.Equal(4, byDocumentId.Data!["plans"]!.AsArray().Count);
        var byApqHash = await client.PostPersistedAsync(PersistedOps.Sha256(me), bearer: user.AccessToken);
        Assert.Equal(user.Email, byApqHash.Data!["me"]!["email"]!.GetValue<string>());
        Assert.Null((await client.PostAsync(plans)).Errors); // the text of a trusted document is that document
        var untrusted = await client.PostAsync("{ plans { tier } }");
        Assert.Equal(HttpStatusCode.BadRequest, untrusted.Status);
        Assert.Equal("PERSISTED_QUERY_REQUIRED", untrusted.FirstErrorCode);
        var registering = await client.PostPersistedAsync(PersistedOps.Sha256("{ plans { tier } }"), "{ plans { tier } }");
        Assert.Equal("PERSISTED_QUERY_REQUIRED", registering.FirstErrorCode);
        var unknownId = await client.PostBodyAsync(new { documentId = "sha256:" + PersistedOps.Sha256("{ me { id } }") });
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", unknownId.FirstErrorCode);
    }

    [Fact]
    public async Task InPersistedOnlyMode_ASignedInAdmin_MayStillSendAnyDocument()
    {
        var admin = await api.CreateClient().LoginAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword);
        var user = await api.CreateClient().RegisterAsync();
        await using var server = api.With(("GRAPHQL_PERSISTED_ONLY", "true"));
        var client = server.CreateClient();
        var query = PersistedOps.Unique("{ me { email role } }");

        var asAdmin = await client.PostAsAsync(admin.AccessToken, query);
        var asUser = await client.PostAsAsync(user.AccessToken, query);
        await using var ws = await WsClient.InitAsync(server, user.AccessToken);
        await ws.SubscribeAsync("u", query);
        var overSocket = await ws.ReceiveAsync();

        Assert.Null(asAdmin.Errors);
        Assert.Equal("ADMIN", asAdmin.Data!["me"]!["role"]!.GetValue<string>());
        Assert.Equal("PERSISTED_QUERY_REQUIRED", asUser.FirstErrorCode);
        Assert.Equal("error", overSocket!["type"]!.GetValue<string>());
        Assert.Equal("PERSISTED_QUERY_REQUIRED", overSocket["payload"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task AManifestWithAnIdThatIsNotItsDocumentsSha256_IsRefused_AndNothingOfItIsImported()
    {
        var good = PersistedOps.Unique("{ plans { tier } }");
        var bad = PersistedOps.Unique("{ plans { name } }");
        var map = JsonSerializer.Serialize(new Dictionary<string, string> { [PersistedOps.Sha256(good)] = good, [PersistedOps.Sha256("other")] = bad });

        var import = await PersistedOps.ImportAsync(api, map);
        var lookup = await api.CreateClient().PostBodyAsync(new { documentId = "sha256:" + PersistedOps.Sha256(good) });

        Assert.Equal(1, import.ExitCode);
        Assert.Contains("is not the SHA-256 of its document", import.Output);
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", lookup.FirstErrorCode);
    }
}
