using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Son1kVers3.Application.Media;

/// <summary>
/// What a /media link allows: the original file as a download, listening (original or
/// watermarked), or a user's data export.
/// </summary>
public enum MediaUse
{
    Download,
    Stream,
    WatermarkedStream,
    DataExport,
}

/// <summary>SubjectId: the track, or the user whose data a <see cref="MediaUse.DataExport"/> link exports.</summary>
public sealed record MediaGrant(Guid SubjectId, MediaUse Use, DateTimeOffset ExpiresAt);

/// <summary>
/// Signs and checks /media tokens: "{subjectId}.{use}.{expiry}.{HMAC-SHA256}" (base64url), so a link
/// cannot be altered (another track or user, another use, no watermark, a later expiry) without the server's key.
/// </summary>
public sealed class MediaTokens(MediaSettings settings, TimeProvider clock)
{
    /// <summary>How long a data export link works.</summary>
    public static readonly TimeSpan ExportTtl = TimeSpan.FromMinutes(15);

    public string Sign(Guid subjectId, MediaUse use) => Sign(Grant(subjectId, use));

    /// <summary>A grant from now, for as long as its use allows.</summary>
    public MediaGrant Grant(Guid subjectId, MediaUse use)
    {
        var ttl = use switch
        {
            MediaUse.Download => settings.DownloadTtl,
            MediaUse.DataExport => ExportTtl,
            _ => settings.StreamTtl,
        };
        return new MediaGrant(subjectId, use, DateTimeOffset.FromUnixTimeSeconds(clock.GetUtcNow().Add(ttl).ToUnixTimeSeconds()));
    }

    public string Sign(MediaGrant grant)
    {
        var body = $"{grant.SubjectId:N}.{Code(grant.Use)}.{grant.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}";
        return $"{body}.{Signature(body)}";
    }

    /// <summary>The grant, or why not: null grant with <c>expired</c> true for a genuine but stale link.</summary>
    public MediaGrant? Verify(string token, out bool expired)
    {
        expired = false;
        var parts = token.Split('.');
        if (parts.Length != 4 || !Guid.TryParseExact(parts[0], "N", out var subjectId) || UseOf(parts[1]) is not { } use
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
        return expired ? null : new MediaGrant(subjectId, use, expiresAt);
    }

    private string Signature(string body) =>
        Convert.ToBase64String(HMACSHA256.HashData(settings.SigningKey, Encoding.UTF8.GetBytes(body))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Code(MediaUse use) => use switch
    {
        MediaUse.Download => "d",
        MediaUse.Stream => "s",
        MediaUse.DataExport => "x",
        _ => "w",
    };

    private static MediaUse? UseOf(string code) => code switch
    {
        "d" => MediaUse.Download,
        "s" => MediaUse.Stream,
        "w" => MediaUse.WatermarkedStream,
        "x" => MediaUse.DataExport,
        _ => null,
    };
}
