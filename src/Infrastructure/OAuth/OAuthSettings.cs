using Son1kVers3.Application.Common;

namespace Son1kVers3.Infrastructure.OAuth;

/// <summary>One provider's credentials and endpoints; the endpoints default to the provider's real ones.</summary>
public sealed record OAuthProviderSettings(string? ClientId, string? ClientSecret, Uri TokenUrl, Uri ProfileUrl)
{
    public bool IsConfigured => ClientId is not null && ClientSecret is not null;
}

public sealed record OAuthSettings(OAuthProviderSettings Google, OAuthProviderSettings Facebook, OAuthProviderSettings TikTok, TimeSpan Timeout)
{
    public static OAuthSettings Read(SettingsReader settings) => new(
        Provider(settings, "GOOGLE", "GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET",
            "https://oauth2.googleapis.com/token", "https://openidconnect.googleapis.com/v1/userinfo"),
        Provider(settings, "FACEBOOK", "FACEBOOK_APP_ID", "FACEBOOK_APP_SECRET",
            "https://graph.facebook.com/v19.0/oauth/access_token", "https://graph.facebook.com/v19.0/me"),
        Provider(settings, "TIKTOK", "TIKTOK_CLIENT_KEY", "TIKTOK_CLIENT_SECRET",
            "https://open.tiktokapis.com/v2/oauth/token/", "https://open.tiktokapis.com/v2/user/info/"),
        TimeSpan.FromSeconds(settings.Int("OAUTH_HTTP_TIMEOUT_SECONDS", 10, min: 1, max: 60)));

    private static OAuthProviderSettings Provider(SettingsReader settings, string prefix, string idKey, string secretKey, string tokenUrl, string profileUrl)
    {
        var id = settings.Text(idKey);
        var secret = settings.Text(secretKey);
        if ((id is null) != (secret is null))
        {
            settings.Fail(id is null ? idKey : secretKey, $"must be set together with {(id is null ? secretKey : idKey)}");
        }

        return new OAuthProviderSettings(id, secret, Url(settings, $"{prefix}_TOKEN_URL", tokenUrl), Url(settings, $"{prefix}_PROFILE_URL", profileUrl));
    }

    private static Uri Url(SettingsReader settings, string key, string fallback)
    {
        var raw = settings.Text(key) ?? fallback;
        if (Uri.TryCreate(raw, UriKind.Absolute, out var url))
        {
            return url;
        }

        settings.Fail(key, $"must be an absolute URL; got '{raw}'");
        return new Uri(fallback);
    }
}
