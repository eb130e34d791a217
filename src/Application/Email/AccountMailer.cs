using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.Accounts;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Email;

namespace Son1kVers3.Application.Email;

/// <summary>
/// Puts account mails in the outbox, in the caller's unit of work: the mail is stored in the
/// same transaction as what causes it, and the outbox worker sends it later.
/// </summary>
public sealed class AccountMailer(IAppDbContext db, AccountTokens tokens, EmailSettings settings, TimeProvider clock)
{
    public bool Available => settings.Available;

    public static Error Unavailable() => new(ErrorCodes.EmailUnavailable, "This server cannot send mail right now (no mail server is configured). Try again later.");

    /// <summary>A verification link for <paramref name="address"/> (the account's, or the new one of an email change).</summary>
    public void QueueVerification(User user, string address)
    {
        var token = tokens.Issue(user.Id, AccountTokenPurpose.VerifyEmail, address, settings.EmailVerificationTtl);
        Queue(user.Id, address, AccountMails.VerifyEmail(user.Locale, settings.Link("verify-email", token)));
    }

    public void QueuePasswordReset(User user)
    {
        var token = tokens.Issue(user.Id, AccountTokenPurpose.ResetPassword, user.Email, settings.PasswordResetTtl);
        Queue(user.Id, user.Email, AccountMails.ResetPassword(user.Locale, settings.Link("reset-password", token)));
    }

    public void Queue(Guid? userId, string to, MailContent content) =>
        db.OutboundEmails.Add(OutboundEmail.Queue(userId, to, content, clock.GetUtcNow()));
}
