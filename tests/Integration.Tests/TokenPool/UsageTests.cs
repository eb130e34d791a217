using Microsoft.Extensions.DependencyInjection;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.TokenPool;

[Collection(ApiCollection.Name)]
public class UsageTests(ApiFactory api)
{
    private const string Usage = """
        { me { usage {
            generations { used limit remaining resetsAt }
            generationsByModel { model allowance { used limit remaining } }
            downloads { used limit remaining }
            shares { used limit remaining resetsAt }
            tokens { used limit remaining } } } }
        """;

    [Fact]
    public async Task MeUsage_ForAFreeUser_ReadsTheLedger_InFlightIncluded()
    {
        var client = api.CreateClient();
        var session = await client.RegisterAsync();
        var before = (await client.PostAsAsync(session.AccessToken, Usage)).Data!["me"]!["usage"]!;
        var userId = Seed.IdOf(session.UserId);

        var ledger = api.Services.GetRequiredService<ITokenLedger>();
        Assert.True((await ledger.ReserveAsync(userId, MusicModel.V3_5, "test", CancellationToken.None)).IsSuccess);
        var after = (await client.PostAsAsync(session.AccessToken, Usage)).Data!["me"]!["usage"]!;

        Assert.Equal("""{"used":0,"limit":5,"remaining":5,"resetsAt":null}""", before["generations"]!.ToJsonString());
        Assert.Equal("""{"used":1,"limit":5,"remaining":4,"resetsAt":null}""", after["generations"]!.ToJsonString());
        Assert.Equal("""[{"model":"V3_5","allowance":{"used":1,"limit":3,"remaining":2}},{"model":"V5","allowance":{"used":0,"limit":2,"remaining":2}}]""", after["generationsByModel"]!.ToJsonString());
        Assert.Equal("""{"used":0,"limit":0,"remaining":0}""", after["downloads"]!.ToJsonString());
        Assert.Equal("""{"used":0,"limit":5,"remaining":5,"resetsAt":null}""", after["shares"]!.ToJsonString());
        Assert.Equal("""{"used":1,"limit":5,"remaining":4}""", after["tokens"]!.ToJsonString());
    }
}
