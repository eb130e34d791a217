using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Abstractions;

/// <summary>An audio file as fetched from the provider.</summary>
public sealed record AudioFile(byte[] Content, string ContentType);

/// <summary>Fetches a provider's audio file server-side: https only (http to this machine), bounded in size and time.</summary>
public interface IAudioFiles
{
    /// <summary>The file, or MEDIA_UNAVAILABLE (not reachable, refused, too large, too slow).</summary>
    Task<Result<AudioFile>> FetchAsync(string url, CancellationToken cancellationToken);
}
