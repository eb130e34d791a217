using System.ComponentModel;

namespace Son1kVers3.Domain.Common;

/// <summary>
/// Every code a client can receive, defined once: in a payload's <c>errors[].code</c> (an
/// <see cref="Error"/>), in a GraphQL error's <c>extensions.code</c>, and in the <c>code</c> of a
/// refused HTTP request or media link. Wire values are stable SCREAMING_CASE; each has one line
/// for the schema's description of UserError.code. A test fails when code elsewhere in src/ uses a
/// literal code that is not here. The transport's codes are in ErrorCodes.Transport.cs.
/// </summary>
public static partial class ErrorCodes
{
    // Expected failures of use cases (payload errors).
    [Description("An input field is invalid; `field` names it and the message says why.")]
    public const string Validation = "VALIDATION";

    [Description("What the id or link names does not exist, or is not yours (also extensions.code of subscriptions, 404 on /media).")]
    public const string NotFound = "NOT_FOUND";

    [Description("Another request of yours holds what this one needs; try again in a moment.")]
    public const string Busy = "BUSY";

    [Description("The plan's generation, download or share quota is used up; `resetsAt` says when it resets (null: never).")]
    public const string QuotaExceeded = "QUOTA_EXCEEDED";

    [Description("The plan's lifetime generations on this model are used up.")]
    public const string ModelQuotaExceeded = "MODEL_QUOTA_EXCEEDED";

    [Description("Your tier's daily draw from the shared token pool is used up; `resetsAt` is the next UTC day.")]
    public const string AllocationExhausted = "ALLOCATION_EXHAUSTED";

    [Description("The shared token pool is empty for today, or under heavy demand this moment.")]
    public const string PoolExhausted = "POOL_EXHAUSTED";

    [Description("This idempotencyKey was already used for a different input; use a new key for a new song.")]
    public const string IdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED";

    [Description("The song is not COMPLETED yet, so it cannot be shared or downloaded.")]
    public const string NotCompleted = "NOT_COMPLETED";

    [Description("This network address registered the most new app installations allowed today.")]
    public const string ClientLimit = "CLIENT_LIMIT";

    [Description("Too many requests (chat messages, mails, requests per minute); `retryAfterSeconds` says when to retry (also extensions.code and HTTP 429).")]
    public const string RateLimited = "RATE_LIMITED";

    [Description("Not allowed: another user's message or private field, a tool your plan lacks, an admin-only field (also extensions.code).")]
    public const string Forbidden = "FORBIDDEN";

    [Description("You are muted in this chat room until `until`.")]
    public const string Muted = "MUTED";

    [Description("The chat room is archived: it is read-only.")]
    public const string RoomArchived = "ROOM_ARCHIVED";

    [Description("Another chat room has this name.")]
    public const string NameTaken = "NAME_TAKEN";

    // Accounts.
    [Description("Another account uses this email address.")]
    public const string EmailTaken = "EMAIL_TAKEN";

    [Description("The email or password is wrong.")]
    public const string InvalidCredentials = "INVALID_CREDENTIALS";

    [Description("The refresh token is unknown, used or expired: sign in again.")]
    public const string InvalidRefreshToken = "INVALID_REFRESH_TOKEN";

    [Description("The verification or password-reset token is unknown, used or expired.")]
    public const string InvalidToken = "INVALID_TOKEN";

    [Description("Confirm your email address first (requestEmailVerification).")]
    public const string EmailNotVerified = "EMAIL_NOT_VERIFIED";

    [Description("This server sends no mail right now, so the mutation cannot do its work.")]
    public const string EmailUnavailable = "EMAIL_UNAVAILABLE";

    [Description("The account has no password: it signs in through a provider.")]
    public const string NoPassword = "NO_PASSWORD";

    [Description("Sign in again with your provider, then delete the account within minutes.")]
    public const string ReauthenticationRequired = "REAUTHENTICATION_REQUIRED";

    [Description("An admin suspended this account: it cannot sign in.")]
    public const string AccountSuspended = "ACCOUNT_SUSPENDED";

    [Description("An admin cannot suspend their own account.")]
    public const string CannotSuspendSelf = "CANNOT_SUSPEND_SELF";

    [Description("Sign-in with this provider is not available on this server.")]
    public const string ProviderNotConfigured = "PROVIDER_NOT_CONFIGURED";

    [Description("The provider refused the authorization code (expired, used, or another redirect URI or verifier).")]
    public const string OAuthCodeRejected = "OAUTH_CODE_REJECTED";

    [Description("The provider could not be reached or answered badly; try again later.")]
    public const string OAuthProviderUnavailable = "OAUTH_PROVIDER_UNAVAILABLE";

    [Description("An account has this email and cannot be linked automatically: sign in, then linkOAuthProvider.")]
    public const string AccountExists = "ACCOUNT_EXISTS";

    [Description("This provider account is already linked to an account.")]
    public const string ProviderAlreadyLinked = "PROVIDER_ALREADY_LINKED";

    [Description("The provider is not linked to your account.")]
    public const string ProviderNotLinked = "PROVIDER_NOT_LINKED";

    [Description("Unlinking would leave the account with no way to sign in.")]
    public const string LastSignInMethod = "LAST_SIGN_IN_METHOD";

    // Payments.
    [Description("Payments are not available on this server right now.")]
    public const string PaymentsUnavailable = "PAYMENTS_UNAVAILABLE";

    [Description("You already have a subscription: change or cancel it in the billing portal.")]
    public const string AlreadySubscribed = "ALREADY_SUBSCRIBED";

    [Description("You have no subscription yet: subscribe first (createCheckoutSession).")]
    public const string NoSubscription = "NO_SUBSCRIPTION";

    [Description("The payment provider refused or failed; the message says why.")]
    public const string PaymentProviderError = "PAYMENT_PROVIDER_ERROR";
}
