using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.Media;
using Son1kVers3.Domain.Common;
using Son1kVers3.Infrastructure.Suno;

namespace Son1kVers3.Infrastructure.Media;

/// <summary>
/// Fetches provider audio: the simulator's files are made in process; anything else over HTTP,
/// only to <see cref="MediaUrl.IsSafe"/> addresses (redirects checked the same way), at most
/// MEDIA_MAX_MEGABYTES within MEDIA_FETCH_TIMEOUT_SECONDS.
/// </summary>
internal sealed class HttpAudioFiles(HttpClient http, MediaSettings settings, SunoSettings suno) : IAudioFiles
{
    public const string Unavailable = ErrorCodes.MediaUnavailable;
    private const int MaxRedirects = 3;

    public async Task<Result<AudioFile>> FetchAsync(string url, CancellationToken ct)
    {
        if (SimulatorClip(url) is { } clip)
        {
            return new AudioFile(SimulatedMedia.Wav(clip), "audio/wav");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.FetchTimeout);
        try
        {
            for (var hop = 0; hop <= MaxRedirects; hop++)
            {
                if (!MediaUrl.IsSafe(url))
                {
                    return Fail("the provider's address is not an https URL");
                }

                using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    url = new Uri(new Uri(url), location).ToString();
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    return Fail($"the provider answered HTTP {(int)response.StatusCode}");
                }

                if (response.Content.Headers.ContentLength > settings.MaxBytes)
                {
                    return Fail("the file is larger than MEDIA_MAX_MEGABYTES");
                }

                var content = await ReadBoundedAsync(await response.Content.ReadAsStreamAsync(timeout.Token), timeout.Token);
                return content is null
                    ? Fail("the file is larger than MEDIA_MAX_MEGABYTES")
                    : new AudioFile(content, ContentTypeOf(response.Content.Headers.ContentType?.MediaType, url));
            }

            return Fail("the provider redirected too often");
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return Fail("the provider could not be reached in time");
        }
    }

    private async Task<byte[]?> ReadBoundedAsync(Stream body, CancellationToken ct)
    {
        await using (body)
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > settings.MaxBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    /// <summary>The clip id when the URL is one of the embedded simulator's own files.</summary>
    private string? SimulatorClip(string url)
    {
        var prefix = new Uri(suno.SelfUrl, "/simulator/audio/").ToString();
        return suno.UseSimulator && url.StartsWith(prefix, StringComparison.Ordinal) && url.EndsWith(".wav", StringComparison.Ordinal)
            ? url[prefix.Length..^".wav".Length]
            : null;
    }

    private static string ContentTypeOf(string? given, string url) => given switch
    {
        { } type when type.StartsWith("audio/", StringComparison.OrdinalIgnoreCase) => type.ToLowerInvariant(),
        _ when url.Contains(".wav", StringComparison.OrdinalIgnoreCase) => "audio/wav",
        _ => "audio/mpeg",
    };

    private static Error Fail(string why) => new(Unavailable, $"The audio file is unavailable right now ({why}); try again later.");
}
