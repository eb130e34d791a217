using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Son1kVers3.Application.Media;

/// <summary>What a /media link allows: the original file as a download, or listening (original or watermarked).</summary>
public enum MediaUse
{
    Download,
    Stream,
    WatermarkedStream,
}

public sealed record MediaGrant(Guid TrackId, MediaUse Use, DateTimeOffset ExpiresAt);

/// <summary>
/// Signs and checks /media tokens: "{trackId}.{use}.{expiry}.{HMAC-SHA256}" (base64url), so a link
/// cannot be altered (another track, no watermark, a later expiry) without the server's key.
/// </summary>
public sealed class MediaTokens(MediaSettings settings, TimeProvider clock)
{
    public string Sign(Guid trackId, MediaUse use)
    {
        var ttl = use == MediaUse.Download ? settings.DownloadTtl : settings.StreamTtl;
        var expires = clock.GetUtcNow().Add(ttl).ToUnixTimeSeconds();
        var body = $"{trackId:N}.{Code(use)}.{expires.ToString(CultureInfo.InvariantCulture)}";
        return $"{body}.{Signature(body)}";
    }

    /// <summary>The grant, or why not: null grant with <c>expired</c> true for a genuine but stale link.</summary>
    public MediaGrant? Verify(string token, out bool expired)
    {
        expired = false;
        var parts = token.Split('.');
        if (parts.Length != 4 || !Guid.TryParseExact(parts[0], "N", out var trackId) || UseOf(parts[1]) is not { } use
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires) || expires > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return null;
        }

        var expected = Encoding.ASCII.GetBytes(Signature(string.Join('.', parts[..3])));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[3])))
        {
            return null;
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(expires);
        expired = expiresAt <= clock.GetUtcNow();
        return expired ? null : new MediaGrant(trackId, use, expiresAt);
    }

    private string Signature(string body) =>
        Convert.ToBase64String(HMACSHA256.HashData(settings.SigningKey, Encoding.UTF8.GetBytes(body))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Code(MediaUse use) => use switch
    {
        MediaUse.Download => "d",
        MediaUse.Stream => "s",
        _ => "w",
    };

    private static MediaUse? UseOf(string code) => code switch
    {
        "d" => MediaUse.Download,
        "s" => MediaUse.Stream,
        "w" => MediaUse.WatermarkedStream,
        _ => null,
    };
}
