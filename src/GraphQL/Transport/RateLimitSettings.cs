using Son1kVers3.Application.Common;

namespace Son1kVers3.GraphQL.Transport;

/// <summary>
/// Request limits per client address and per user, and stricter ones per address on the
/// sign-in operations. Defaults leave ample room for normal use (a person generating 10 songs
/// a minute is nowhere near them) while stopping credential stuffing from one address.
/// </summary>
public sealed record RateLimitSettings(
    bool Enabled,
    int RequestsPerMinutePerAddress,
    int RequestsPerMinutePerUser,
    IReadOnlyDictionary<string, (int Limit, TimeSpan Window)> Operations,
    int MailsPerEmailPer15Minutes = 5)
{
    /// <summary>The mutations that send mail: limited per client address (and per email address, see MailLimits).</summary>
    public static readonly string[] MailOperations = ["requestEmailVerification", "requestPasswordReset", "changeEmail"];

    public static RateLimitSettings Read(SettingsReader settings) => new(
        settings.Bool("RATE_LIMIT_ENABLED", true),
        settings.Int("RATE_LIMIT_REQUESTS_PER_MINUTE", 600, min: 1),
        settings.Int("RATE_LIMIT_USER_REQUESTS_PER_MINUTE", 300, min: 1),
        new Dictionary<string, (int, TimeSpan)>
        {
            ["login"] = (settings.Int("RATE_LIMIT_LOGIN_PER_10_MINUTES", 10, min: 1), TimeSpan.FromMinutes(10)),
            ["signInWithOAuth"] = (settings.Int("RATE_LIMIT_OAUTH_PER_10_MINUTES", 20, min: 1), TimeSpan.FromMinutes(10)),
            ["linkOAuthProvider"] = (settings.Int("RATE_LIMIT_OAUTH_PER_10_MINUTES", 20, min: 1), TimeSpan.FromMinutes(10)),
            ["refreshToken"] = (settings.Int("RATE_LIMIT_REFRESH_PER_10_MINUTES", 60, min: 1), TimeSpan.FromMinutes(10)),
            ["register"] = (settings.Int("RATE_LIMIT_REGISTER_PER_HOUR", 10, min: 1), TimeSpan.FromHours(1)),
            ["requestEmailVerification"] = (settings.Int("RATE_LIMIT_MAIL_REQUESTS_PER_HOUR", 20, min: 1), TimeSpan.FromHours(1)),
            ["requestPasswordReset"] = (settings.Int("RATE_LIMIT_MAIL_REQUESTS_PER_HOUR", 20, min: 1), TimeSpan.FromHours(1)),
            ["changeEmail"] = (settings.Int("RATE_LIMIT_MAIL_REQUESTS_PER_HOUR", 20, min: 1), TimeSpan.FromHours(1)),
        },
        settings.Int("RATE_LIMIT_MAILS_PER_EMAIL_PER_15_MINUTES", 5, min: 3));
}
