using Son1kVers3.Application.Common;

namespace Son1kVers3.Infrastructure.Auth;

/// <summary>Secrets for access tokens (HS256) and refresh tokens.</summary>
public sealed record JwtSettings(string Secret, string RefreshSecret)
{
    public const int MinimumSecretLength = 32;
    public const string Issuer = "son1kvers3";
    public const string Audience = "son1kvers3-api";
    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromMinutes(15);

    public static JwtSettings Read(SettingsReader settings) =>
        new(ReadSecret(settings, "JWT_SECRET"), ReadSecret(settings, "JWT_REFRESH_SECRET"));

    private static string ReadSecret(SettingsReader settings, string key)
    {
        var secret = settings.Required(key, $"a random secret of at least {MinimumSecretLength} characters (for example: openssl rand -base64 48)");
        if (secret.Length is > 0 and < MinimumSecretLength)
        {
            settings.Fail(key, $"must be at least {MinimumSecretLength} characters; it has {secret.Length}");
        }

        return secret;
    }
}
