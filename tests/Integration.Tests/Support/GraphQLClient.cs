using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Son1kVers3.Integration.Tests.Support;

public sealed record GraphQLResponse(HttpStatusCode Status, string? ContentType, JsonNode? Body, HttpResponseMessage Raw)
{
    public JsonNode? Data => Body?["data"];
    public JsonArray? Errors => Body?["errors"]?.AsArray();
    public string? FirstErrorCode => Errors?[0]?["extensions"]?["code"]?.GetValue<string>();
    public string? FirstErrorMessage => Errors?[0]?["message"]?.GetValue<string>();
}

/// <summary>Sends GraphQL over real HTTP to the in-memory server.</summary>
public static class GraphQLClient
{
    public static Task<GraphQLResponse> PostAsync(this HttpClient client, string query, object? variables = null, string? accept = null) =>
        client.PostJsonAsync(JsonContent.Create(new { query, variables }), accept);

    /// <summary>Sends as a signed-in user (or with any bearer token) and, optionally, from a given client address.</summary>
    public static async Task<GraphQLResponse> PostAsAsync(this HttpClient client, string? bearer, string query, object? variables = null, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query, variables }) };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return await ReadAsync(await client.SendAsync(request));
    }

    public static Task<GraphQLResponse> PostRawAsync(this HttpClient client, string body, string contentType = "application/json", string? accept = null) =>
        client.PostJsonAsync(new StringContent(body, Encoding.UTF8, MediaTypeHeaderValue.Parse(contentType)), accept);

    public static async Task<GraphQLResponse> GetQueryAsync(this HttpClient client, string query, bool preflight = true, string? variables = null)
    {
        var url = "/graphql?query=" + Uri.EscapeDataString(query) + (variables is null ? "" : "&variables=" + Uri.EscapeDataString(variables));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (preflight)
        {
            request.Headers.Add("GraphQL-Require-Preflight", "1");
        }

        return await ReadAsync(await client.SendAsync(request));
    }

    private static async Task<GraphQLResponse> PostJsonAsync(this HttpClient client, HttpContent content, string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = content };
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        return await ReadAsync(await client.SendAsync(request));
    }

    public static async Task<GraphQLResponse> SendAsync(HttpClient client, HttpRequestMessage request) => await ReadAsync(await client.SendAsync(request));

    private static async Task<GraphQLResponse> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length > 0 && text[0] == '{' ? JsonNode.Parse(text) : null;
        return new GraphQLResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, response);
    }
}
