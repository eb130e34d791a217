using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Accounts;

/// <summary>An id input that is not a global id of the right type is one VALIDATION error, however it is written.</summary>
[Collection(ApiCollection.Name)]
public class GlobalIdInputTests(ApiFactory api)
{
    [Fact]
    public async Task AnIdInput_GivenAsANumber_AsText_OrAsAnotherTypesId_IsTheSameValidationError_NamingTheField()
    {
        var client = api.CreateClient();
        var user = await client.RegisterAsync();
        const string Revoke = "mutation($id: ID!) { revokeSession(input: { sessionId: $id }) { ok errors { code message ... on MutationError { field } } } }";

        var answers = new[]
        {
            await client.PostAsAsync(user.AccessToken, Revoke, new { id = 5 }),
            await client.PostAsAsync(user.AccessToken, "mutation { revokeSession(input: { sessionId: 5 }) { ok errors { code message ... on MutationError { field } } } }"),
            await client.PostAsAsync(user.AccessToken, Revoke, new { id = "not-an-id" }),
            await client.PostAsAsync(user.AccessToken, Revoke, new { id = user.UserId }),
        };

        Assert.All(answers, a =>
        {
            Assert.True(a.Errors is null, a.Body?.ToJsonString());
            var error = a.Data!["revokeSession"]!["errors"]![0]!;
            Assert.Equal("VALIDATION", error["code"]!.GetValue<string>());
            Assert.Equal("sessionId", error["field"]!.GetValue<string>());
            Assert.Equal("sessionId: is not a Session id.", error["message"]!.GetValue<string>());
        });
    }
}
