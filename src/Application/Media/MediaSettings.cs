using System.Security.Cryptography;
using System.Text;
using Son1kVers3.Application.Common;

namespace Son1kVers3.Application.Media;

/// <summary>
/// Audio reaches clients only through this server's signed, expiring /media links: a download
/// link lives MEDIA_DOWNLOAD_URL_MINUTES, a listening link MEDIA_STREAM_URL_MINUTES. Provider files
/// are fetched server-side within MEDIA_MAX_BYTES and MEDIA_FETCH_TIMEOUT_SECONDS.
/// </summary>
public sealed record MediaSettings(
    byte[] SigningKey, TimeSpan DownloadTtl, TimeSpan StreamTtl, long MaxBytes, TimeSpan FetchTimeout, TimeSpan WatermarkInterval, int MaxConcurrentFetches)
{
    public static MediaSettings Read(SettingsReader settings)
    {
        var secret = settings.Text("MEDIA_URL_SECRET");
        if (secret is { Length: < 32 })
        {
            settings.Fail("MEDIA_URL_SECRET", "must be at least 32 characters (openssl rand -base64 48), or empty to derive it from JWT_SECRET");
        }

        var key = SHA256.HashData(Encoding.UTF8.GetBytes("media-url:" + (secret ?? settings.Text("JWT_SECRET") ?? "")));
        return new MediaSettings(
            key,
            TimeSpan.FromMinutes(settings.Int("MEDIA_DOWNLOAD_URL_MINUTES", 10, min: 1, max: 24 * 60)),
            TimeSpan.FromMinutes(settings.Int("MEDIA_STREAM_URL_MINUTES", 60, min: 1, max: 24 * 60)),
            settings.Int("MEDIA_MAX_MEGABYTES", 64, min: 1, max: 1024) * 1024L * 1024L,
            TimeSpan.FromSeconds(settings.Int("MEDIA_FETCH_TIMEOUT_SECONDS", 30, min: 1, max: 600)),
            TimeSpan.FromSeconds(settings.Int("MEDIA_WATERMARK_INTERVAL_SECONDS", 10, min: 1, max: 3600)),
            settings.Int("MEDIA_MAX_CONCURRENT_FETCHES", 16, min: 1, max: 10_000));
    }
}
