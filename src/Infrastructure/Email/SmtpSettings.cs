using MimeKit;
using Son1kVers3.Application.Common;

namespace Son1kVers3.Infrastructure.Email;

/// <summary>
/// The mail server (SMTP_URL: smtp://user:pass@host:587 uses STARTTLS when the server offers it,
/// smtps://user:pass@host:465 implicit TLS), the sender (EMAIL_FROM) and the outbox worker's pace.
/// Without SMTP_URL no mail is sent and the mutations that send mail answer EMAIL_UNAVAILABLE.
/// </summary>
internal sealed record SmtpSettings(
    Uri? Server,
    string? UserName,
    string? Password,
    MailboxAddress From,
    TimeSpan PollInterval,
    TimeSpan RetryBase,
    int MaxAttempts,
    TimeSpan Timeout)
{
    public bool Configured => Server is not null;

    public bool ImplicitTls => Server?.Scheme == "smtps";

    public static SmtpSettings Read(SettingsReader settings)
    {
        Uri? server = null;
        string? user = null, password = null;
        if (settings.Text("SMTP_URL") is { } raw)
        {
            if (Uri.TryCreate(raw, UriKind.Absolute, out var parsed) && parsed.Scheme is "smtp" or "smtps" && parsed.Host.Length > 0)
            {
                var port = parsed.IsDefaultPort || parsed.Port <= 0 ? (parsed.Scheme == "smtps" ? 465 : 587) : parsed.Port;
                server = new UriBuilder(parsed.Scheme, parsed.Host, port).Uri;
                var credentials = parsed.UserInfo.Split(':', 2);
                user = credentials[0].Length > 0 ? Uri.UnescapeDataString(credentials[0]) : null;
                password = credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : null;
            }
            else
            {
                // Never echo the value: it may hold the mail server's password.
                settings.Fail("SMTP_URL", "must look like smtp://user:password@host:587 (STARTTLS when offered) or smtps://user:password@host:465");
            }
        }

        var fromText = settings.Text("EMAIL_FROM") ?? "Son1kVers3 <no-reply@son1kvers3.com>";
        if (!MailboxAddress.TryParse(fromText, out var from))
        {
            settings.Fail("EMAIL_FROM", $"must be a mail address such as 'Son1kVers3 <no-reply@example.com>'; got '{fromText}'");
            from = new MailboxAddress("Son1kVers3", "no-reply@son1kvers3.com");
        }

        return new SmtpSettings(
            server,
            user,
            password,
            from,
            TimeSpan.FromMilliseconds(settings.Int("EMAIL_OUTBOX_POLL_MS", 2000, min: 10, max: 60_000)),
            TimeSpan.FromSeconds(settings.Int("EMAIL_RETRY_BASE_SECONDS", 10, min: 1, max: 3600)),
            settings.Int("EMAIL_MAX_ATTEMPTS", 12, min: 1, max: 100),
            TimeSpan.FromSeconds(settings.Int("SMTP_TIMEOUT_SECONDS", 20, min: 1, max: 300)));
    }
}
