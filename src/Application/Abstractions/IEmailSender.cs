using Son1kVers3.Domain.Email;

namespace Son1kVers3.Application.Abstractions;

/// <summary>Hands one message to the mail server (SMTP). Throws when the server did not accept it.</summary>
public interface IEmailSender
{
    Task SendAsync(string to, MailContent content, CancellationToken cancellationToken);
}
