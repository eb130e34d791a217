using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Son1kVers3.Application.Accounts;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Infrastructure.OAuth;

/// <summary>The HTTP calls every provider client makes, with one way of turning failures into errors.</summary>
internal sealed class OAuthHttp(HttpClient http, ILogger<OAuthHttp> logger)
{
    public Task<Result<JsonElement>> PostFormAsync(OAuthProvider provider, Uri url, IEnumerable<KeyValuePair<string, string>> form, CancellationToken ct) =>
        SendAsync(provider, new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) }, ct);

    public Task<Result<JsonElement>> GetAsync(OAuthProvider provider, Uri url, string? bearer, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return SendAsync(provider, request, ct);
    }

    public static Uri WithQuery(Uri url, IEnumerable<KeyValuePair<string, string>> query) =>
        new($"{url}{(url.Query.Length > 0 ? "&" : "?")}{string.Join('&', query.Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value)}"))}");

    public static Error Rejected(OAuthProvider provider, string detail) =>
        new(ErrorCodes.OAuthCodeRejected, $"{ProviderProfiles.Name(provider)} did not accept the sign-in ({detail}). Start the sign-in again.");

    private async Task<Result<JsonElement>> SendAsync(OAuthProvider provider, HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        {
            try
            {
                using var response = await http.SendAsync(request, ct);
                var text = await response.Content.ReadAsStringAsync(ct);
                if ((int)response.StatusCode >= 500)
                {
                    logger.LogWarning("{Provider} answered {Status} at {Endpoint}", provider, (int)response.StatusCode, EndpointOf(request));
                    return Unavailable(provider);
                }

                using var json = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
                var body = json.RootElement.Clone();
                return response.IsSuccessStatusCode ? body : Rejected(provider, Describe(body, (int)response.StatusCode));
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                // The type and message only: neither carries the request's query, form or headers.
                logger.LogWarning("{Provider} could not be reached at {Endpoint}: {Reason}", provider, EndpointOf(request), $"{ex.GetType().Name}: {ex.Message}");
                return Unavailable(provider);
            }
        }
    }

    /// <summary>
    /// Where a request went, without its query: Facebook's token request carries the client
    /// secret and the person's code there, its profile request the access token.
    /// </summary>
    private static string EndpointOf(HttpRequestMessage request) => request.RequestUri?.GetLeftPart(UriPartial.Path) ?? "?";

    private static Error Unavailable(OAuthProvider provider) =>
        new(ErrorCodes.OAuthProviderUnavailable, $"{ProviderProfiles.Name(provider)} is not answering right now. Try again in a moment.");

    /// <summary>The provider's own words: OAuth's error/error_description, or Facebook's error.message.</summary>
    public static string Describe(JsonElement body, int status)
    {
        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out var error))
        {
            if (error.ValueKind == JsonValueKind.String)
            {
                var description = body.TryGetProperty("error_description", out var d) ? d.GetString() : null;
                return description is { Length: > 0 } ? $"{error.GetString()}: {description}" : error.GetString() ?? "error";
            }

            if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message))
            {
                return message.GetString() ?? "error";
            }
        }

        return $"HTTP {status}";
    }
}
