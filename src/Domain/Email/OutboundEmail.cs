namespace Son1kVers3.Domain.Email;

/// <summary>
/// A mail waiting in the outbox: written in the same transaction as what causes it, sent later
/// by the outbox worker. Once <see cref="SentAt"/> is set it is never sent again.
/// </summary>
public sealed class OutboundEmail
{
    private OutboundEmail()
    {
        To = Subject = TextBody = HtmlBody = string.Empty;
    }

    public Guid Id { get; private set; }

    /// <summary>Whose mail it is (null for none); the user's mail is erased with the account.</summary>
    public Guid? UserId { get; private set; }

    public string To { get; private set; }
    public string Subject { get; private set; }
    public string TextBody { get; private set; }
    public string HtmlBody { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }
    public string? LastError { get; private set; }

    public static OutboundEmail Queue(Guid? userId, string to, MailContent content, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        UserId = userId,
        To = to,
        Subject = content.Subject,
        TextBody = content.Text,
        HtmlBody = content.Html,
        CreatedAt = now,
        NextAttemptAt = now,
    };
}

/// <summary>A rendered message: subject, plain text and HTML.</summary>
public sealed record MailContent(string Subject, string Text, string Html);
