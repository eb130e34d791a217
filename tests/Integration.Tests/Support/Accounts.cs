using System.Text.Json.Nodes;

namespace Son1kVers3.Integration.Tests.Support;

public sealed record SignedIn(string AccessToken, string RefreshToken, string UserId, string Email);

/// <summary>Registers and signs in through the real mutations.</summary>
public static class Accounts
{
    public const string AuthFields = "accessToken refreshToken expiresAt user { id email role tier tools } errors { code message ... on MutationError { field } }";

    /// <summary>A fresh address on a real-looking domain: registration refuses reserved ones such as .test.</summary>
    public static string NewEmail() => $"user-{Guid.NewGuid():N}@tests.son1kvers3.com";

    public static async Task<SignedIn> RegisterAsync(this HttpClient client, string? email = null, string password = "correct horse battery")
    {
        email ??= NewEmail();
        var response = await client.PostAsync(
            $"mutation($input: RegisterInput!) {{ register(input: $input) {{ {AuthFields} }} }}",
            new { input = new { email, password, displayName = "Test" } });
        return ToSignedIn(response, "register", email);
    }

    public static async Task<SignedIn> LoginAsync(this HttpClient client, string email, string password)
    {
        var response = await client.PostAsync(
            $"mutation($input: LoginInput!) {{ login(input: $input) {{ {AuthFields} }} }}",
            new { input = new { email, password } });
        return ToSignedIn(response, "login", email);
    }

    private static SignedIn ToSignedIn(GraphQLResponse response, string field, string email)
    {
        Assert.True(response.Errors is null, response.Body?.ToJsonString()); // every field of the payload resolves, expiresAt included
        var payload = response.Data![field]!;
        Assert.Empty(payload["errors"]!.AsArray());
        return new SignedIn(
            payload["accessToken"]!.GetValue<string>(),
            payload["refreshToken"]!.GetValue<string>(),
            payload["user"]!["id"]!.GetValue<string>(),
            email);
    }
}
