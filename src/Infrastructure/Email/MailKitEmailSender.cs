using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Email;

namespace Son1kVers3.Infrastructure.Email;

/// <summary>Sends one message over SMTP with MailKit (STARTTLS when offered, or implicit TLS for smtps://).</summary>
internal sealed class MailKitEmailSender(SmtpSettings settings) : IEmailSender
{
    public async Task SendAsync(string to, MailContent content, CancellationToken cancellationToken)
    {
        var server = settings.Server ?? throw new InvalidOperationException("SMTP_URL is not set.");
        var message = new MimeMessage();
        message.From.Add(settings.From);
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = content.Subject;
        message.Body = new BodyBuilder { TextBody = content.Text, HtmlBody = content.Html }.ToMessageBody();

        using var client = new SmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        var security = settings.ImplicitTls ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable;
        await client.ConnectAsync(server.Host, server.Port, security, cancellationToken);
        if (settings.UserName is not null)
        {
            await client.AuthenticateAsync(settings.UserName, settings.Password ?? string.Empty, cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
