using Microsoft.Net.Http.Headers;

namespace Son1kVers3.GraphQL.Transport;

/// <summary>
/// Chooses the response media type from the Accept header (GraphQL-over-HTTP §"Accept").
/// With no Accept header, or a wildcard, the server answers application/graphql-response+json
/// (the spec's watershed has passed); clients that need the legacy 200-for-everything
/// behaviour ask for application/json.
/// </summary>
public static class ResponseMediaType
{
    public const string GraphQLResponse = "application/graphql-response+json";
    public const string Json = "application/json";

    /// <summary>The chosen media type, or null when the client accepts none that we serve (406).</summary>
    public static string? Negotiate(string? accept)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return GraphQLResponse;
        }

        if (!MediaTypeHeaderValue.TryParseList([accept], out var ranges))
        {
            return null;
        }

        string? best = null;
        double bestQuality = 0;
        foreach (var range in ranges)
        {
            var quality = range.Quality ?? 1;
            var charset = range.Charset.Value;
            if (quality <= 0 || (charset is not null && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var candidate = range.MediaType.Value?.ToLowerInvariant() switch
            {
                GraphQLResponse or "*/*" or "application/*" => GraphQLResponse,
                Json => Json,
                _ => null,
            };
            var better = quality > bestQuality || (quality == bestQuality && candidate == GraphQLResponse);
            if (candidate is not null && better)
            {
                best = candidate;
                bestQuality = quality;
            }
        }

        return best;
    }

    /// <summary>The Content-Type of an answer in the media type (one string per type, not one per response).</summary>
    public static string WithCharset(string mediaType) => mediaType switch
    {
        GraphQLResponse => "application/graphql-response+json; charset=utf-8",
        Json => "application/json; charset=utf-8",
        _ => mediaType + "; charset=utf-8",
    };

    public static bool PrefersHtml(string? accept) =>
        accept is not null && accept.Contains("text/html", StringComparison.OrdinalIgnoreCase);
}
