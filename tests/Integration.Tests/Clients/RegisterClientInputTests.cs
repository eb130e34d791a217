using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Son1kVers3.Application.Clients;
using Son1kVers3.Infrastructure.Persistence;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Clients;

/// <summary>registerClient's typed input keeps apart a userAgent left out (the header is used) and one given as null.</summary>
[Collection(ApiCollection.Name)]
public class RegisterClientInputTests(ApiFactory api)
{
    private const string Register = "mutation($input: RegisterClientInput!) { registerClient(input: $input) { newToday errors { code } } }";

    private static async Task RegisterAsync(HttpClient client, object input)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query = Register, variables = new { input } }) };
        request.Headers.TryAddWithoutValidation("User-Agent", "HeaderAgent/1.0");
        (await client.SendAsync(request)).EnsureSuccessStatusCode();
    }

    private async Task<string?> StoredUserAgentAsync(string installId)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var hash = RegisterClient.HashInstallId(installId);
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Son1kVers3.Domain.Clients.Client>()
            .Where(c => c.InstallHash == hash).Select(c => c.UserAgent).SingleAsync();
    }

    [Fact]
    public async Task RegisterClient_WithoutAUserAgentField_StoresTheRequestsHeader_WithNull_StoresNone_AndWithAValue_StoresIt()
    {
        using var client = api.WithClock(ManualClock.OnAFreshDay()).CreateClient();
        var (leftOut, given, nulled) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString());

        await RegisterAsync(client, new { installId = leftOut });
        await RegisterAsync(client, new { installId = given, userAgent = "App/2.0" });
        await RegisterAsync(client, new { installId = nulled, userAgent = (string?)null });

        Assert.Equal("HeaderAgent/1.0", await StoredUserAgentAsync(leftOut));
        Assert.Equal("App/2.0", await StoredUserAgentAsync(given));
        Assert.Null(await StoredUserAgentAsync(nulled));
    }
}
