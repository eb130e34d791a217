using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Son1kVers3.Integration.Tests.Support;

/// <summary>Persisted operations as clients send them: Apollo's APQ extension, documentId, over POST and GET; and the import command.</summary>
public static class PersistedOps
{
    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>A document no other test sends, so its hash is unknown until this test registers it.</summary>
    public static string Unique(string document) => $"{document} # {Guid.NewGuid():N}";

    public static object Extension(string hash) => new { persistedQuery = new { version = 1, sha256Hash = hash } };

    /// <summary>POST with the APQ extension: hash only (<paramref name="query"/> null) or hash and text.</summary>
    public static Task<GraphQLResponse> PostPersistedAsync(this HttpClient client, string hash, string? query = null, object? variables = null, string? bearer = null) =>
        client.PostBodyAsync(new { query, variables, extensions = Extension(hash) }, bearer);

    public static async Task<GraphQLResponse> PostBodyAsync(this HttpClient client, object body, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(body) };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await GraphQLClient.SendAsync(client, request);
    }

    /// <summary>GET <c>?extensions=…&amp;variables=…&amp;operationName=…</c> with the APQ extension, as Apollo's HttpLink sends it with useGETForHashedQueries.</summary>
    public static async Task<GraphQLResponse> GetPersistedAsync(this HttpClient client, string hash, object? variables = null, string? bearer = null, string? query = null)
    {
        var url = "/graphql?extensions=" + Uri.EscapeDataString(JsonSerializer.Serialize(Extension(hash)))
            + (variables is null ? "" : "&variables=" + Uri.EscapeDataString(JsonSerializer.Serialize(variables)))
            + (query is null ? "" : "&query=" + Uri.EscapeDataString(query));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await GraphQLClient.SendAsync(client, request);
    }

    /// <summary>Runs <c>persisted import &lt;file&gt;</c> with the server's program on the test database.</summary>
    public static async Task<(int ExitCode, string Output)> ImportAsync(ApiFactory api, string manifestJson)
    {
        var path = Path.Combine(Path.GetTempPath(), $"manifest-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, manifestJson);
        try
        {
            return await FailingServerProcess.RunCommandAsync(api, ["persisted", "import", path]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
