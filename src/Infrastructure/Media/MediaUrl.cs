using System.Net;

namespace Son1kVers3.Infrastructure.Media;

/// <summary>
/// Which provider URLs are kept and fetched: https anywhere, http only to this machine (the
/// simulator, local fakes). Anything else (javascript:, data:, file:, plain http elsewhere) is dropped.
/// </summary>
public static class MediaUrl
{
    public const int MaxLength = 1000;

    public static string? KeepIfSafe(string? url) => IsSafe(url) ? url : null;

    public static bool IsSafe(string? url) =>
        url is { Length: > 0 and <= MaxLength }
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri)))
        && string.IsNullOrEmpty(uri.UserInfo);

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));
}
