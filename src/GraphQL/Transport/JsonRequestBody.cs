using System.IO.Pipelines;
using Microsoft.Net.Http.Headers;

namespace Son1kVers3.GraphQL.Transport;

/// <summary>The body of a POST: whether its media type is JSON in UTF-8, and the whole of it within the size limit.</summary>
internal static class JsonRequestBody
{
    public static bool IsJsonContentType(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        && (parsed.Charset.Value is null || parsed.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The whole body as read from the request's pipe (no copy; the caller advances past it once
    /// parsed), or null when it exceeds the limit.
    /// </summary>
    public static async Task<ReadResult?> ReadAsync(PipeReader reader, int limit, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            if (result.Buffer.Length > limit)
            {
                reader.AdvanceTo(result.Buffer.End);
                return null;
            }

            if (result.IsCompleted)
            {
                return result;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
