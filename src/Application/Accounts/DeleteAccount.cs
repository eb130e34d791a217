using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.Chat;
using Son1kVers3.Application.Payments;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Billing;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Accounts;

/// <summary>SessionId: the session asking (an OAuth-only account must have signed in to it recently).</summary>
public sealed record DeleteAccountCommand(Guid UserId, Guid? SessionId, string? Password);

/// <summary>
/// Leaving (DOMAIN.md §7): after re-authentication, the live subscription is cancelled at the
/// provider (if that fails, nothing is deleted), then the account is erased in one transaction
/// (<see cref="IAccountEraser"/>); every session and access token of it stops working at once,
/// open sockets close, and its chat messages leave live rooms.
/// </summary>
public sealed class DeleteAccount(
    IAppDbContext db, PasswordHasher hasher, IPaymentGateway gateway, PaymentSettings payments, IAccountEraser eraser,
    ISecurityStamps stamps, ChatEvents chat, TimeProvider clock)
{
    /// <summary>How recent an OAuth-only account's sign-in must be to delete it.</summary>
    public static readonly TimeSpan RecentSignIn = TimeSpan.FromMinutes(10);

    public async Task<Result<bool>> HandleAsync(DeleteAccountCommand command, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == command.UserId, cancellationToken);
        if (user is null)
        {
            return new Error(ErrorCodes.NotFound, "This account does not exist (any more).");
        }

        if ((await ReauthenticateAsync(user, command, cancellationToken) ?? await CancelSubscriptionAsync(user.Id, cancellationToken)) is { } refused)
        {
            return refused;
        }

        var messages = await db.ChatMessages.AsNoTracking()
            .Where(m => m.AuthorId == user.Id && m.DeletedAt == null)
            .ToListAsync(cancellationToken);
        if (await eraser.EraseAsync(user.Id, cancellationToken) is null)
        {
            return new Error(ErrorCodes.NotFound, "This account does not exist (any more).");
        }

        await stamps.ChangedAsync(user.Id, cancellationToken);
        foreach (var message in messages)
        {
            await chat.PublishAsync(ChatEvent.Removed, message, cancellationToken);
        }

        return true;
    }

    /// <summary>The password; for an account without one, a sign-in to this session within <see cref="RecentSignIn"/>.</summary>
    private async Task<Error?> ReauthenticateAsync(User user, DeleteAccountCommand command, CancellationToken cancellationToken)
    {
        if (user.PasswordHash is not null)
        {
            return PasswordCheck.Verify(user, command.Password ?? string.Empty, hasher) is null
                ? null
                : new Error(ErrorCodes.InvalidCredentials, "The password is not right: deleting the account needs it.");
        }

        var signedInAt = command.SessionId is not { } session
            ? null
            : await db.RefreshTokens.AsNoTracking()
                .Where(t => t.UserId == user.Id && t.FamilyId == session)
                .MinAsync(t => (DateTimeOffset?)t.CreatedAt, cancellationToken);
        return signedInAt is { } at && clock.GetUtcNow() - at <= RecentSignIn
            ? null
            : new Error(ErrorCodes.ReauthenticationRequired, $"Sign in again (with your provider) and delete the account within {RecentSignIn.TotalMinutes:0} minutes.");
    }

    private async Task<Error?> CancelSubscriptionAsync(Guid userId, CancellationToken cancellationToken)
    {
        var subscription = await db.BillingSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        if (subscription is null || subscription.Status == BillingStatus.Canceled)
        {
            return null;
        }

        if (!payments.Enabled)
        {
            return new Error(ErrorCodes.PaymentsUnavailable, "Your subscription cannot be cancelled right now (payments are unavailable), so nothing was deleted; please try again later.");
        }

        try
        {
            await gateway.CancelSubscriptionAsync(subscription.SubscriptionId, cancellationToken);
            return null;
        }
        catch (PaymentProviderException ex)
        {
            return new Error(ErrorCodes.PaymentProviderError, $"Your subscription could not be cancelled, so nothing was deleted: {ex.Message}");
        }
    }
}
