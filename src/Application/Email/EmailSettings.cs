using Son1kVers3.Application.Accounts;
using Son1kVers3.Application.Common;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Email;

/// <summary>
/// What the account mails need: whether mail can be sent at all (SMTP_URL is set), where their
/// links point (APP_URL, never the request's Host), and how long their tokens live.
/// </summary>
public sealed record EmailSettings(
    bool Available,
    Uri AppUrl,
    TimeSpan PasswordResetTtl,
    TimeSpan EmailVerificationTtl,
    bool RequireEmailVerification)
{
    public static EmailSettings Read(SettingsReader settings)
    {
        var raw = settings.Text("APP_URL") ?? settings.List("CORS_ORIGIN").FirstOrDefault() ?? "http://localhost:5173";
        if (!Uri.TryCreate(raw, UriKind.Absolute, out var appUrl) || appUrl.Scheme is not ("http" or "https"))
        {
            settings.Fail("APP_URL", $"must be the web app's absolute http(s) URL, such as https://app.example.com; got '{raw}'");
            appUrl = new Uri("http://localhost:5173");
        }

        return new EmailSettings(
            settings.Text("SMTP_URL") is not null,
            appUrl,
            TimeSpan.FromSeconds(settings.Int("PASSWORD_RESET_TTL_SECONDS", 1800, min: 60, max: 7 * 86400)),
            TimeSpan.FromSeconds(settings.Int("EMAIL_VERIFICATION_TTL_SECONDS", 86400, min: 60, max: 30 * 86400)),
            settings.Bool("REQUIRE_EMAIL_VERIFICATION", false));
    }

    /// <summary>EMAIL_NOT_VERIFIED when REQUIRE_EMAIL_VERIFICATION is on and the user's address is not verified yet.</summary>
    public Error? VerificationGate(User user) => RequireEmailVerification && !user.IsEmailVerified
        ? new Error(ErrorCodes.EmailNotVerified, "Confirm your email address first: use the link we mailed you, or ask for a new one (requestEmailVerification).")
        : null;

    /// <summary>A link into the web app: {APP_URL}/{path}?token=… (the token escaped).</summary>
    public string Link(string path, string token) =>
        $"{AppUrl.GetLeftPart(UriPartial.Path).TrimEnd('/')}/{path}?token={Uri.EscapeDataString(token)}";
}
