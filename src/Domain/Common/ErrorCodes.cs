using System.ComponentModel;

namespace Son1kVers3.Domain.Common;

/// <summary>
/// Every code a client can receive, defined once: in a payload's <c>errors[].code</c> (an
/// <see cref="Error"/>), in a GraphQL error's <c>extensions.code</c>, and in the <c>code</c> of a
/// refused HTTP request or media link. Wire values are stable SCREAMING_CASE; each has one line
/// for the schema's description of UserError.code. A test fails when code elsewhere in src/ uses a
/// literal code that is not here.
/// </summary>
public static class ErrorCodes
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

    // GraphQL errors (extensions.code).
    [Description("An argument or variable is invalid: a malformed id or cursor, a page size out of range, unsafe text.")]
    public const string BadUserInput = "BAD_USER_INPUT";

    [Description("Sign in first, or the access token is invalid or expired (HTTP 401).")]
    public const string Unauthenticated = "UNAUTHENTICATED";

    [Description("The document is not valid GraphQL syntax.")]
    public const string GraphQLParseFailed = "GRAPHQL_PARSE_FAILED";

    [Description("The document does not validate against the schema.")]
    public const string GraphQLValidationFailed = "GRAPHQL_VALIDATION_FAILED";

    [Description("The document passes a limit: depth, complexity, tokens, fields, aliases or fragments.")]
    public const string QueryTooComplex = "QUERY_TOO_COMPLEX";

    [Description("Introspection is off on this server.")]
    public const string IntrospectionDisabled = "INTROSPECTION_DISABLED";

    [Description("The operation ran longer than the server allows.")]
    public const string Timeout = "TIMEOUT";

    [Description("Too many of your mutations are running at once; retry when one has finished.")]
    public const string TooManyInFlight = "TOO_MANY_IN_FLIGHT";

    [Description("A subscription's event stream failed; subscribe again.")]
    public const string SubscriptionStreamFailed = "SUBSCRIPTION_STREAM_FAILED";

    [Description("A dependency (database, Redis) is unreachable right now; retry after `retryAfterSeconds`.")]
    public const string ServiceUnavailable = "SERVICE_UNAVAILABLE";

    [Description("A fault on the server; the traceId in extensions helps find it.")]
    public const string InternalServerError = "INTERNAL_SERVER_ERROR";

    [Description("The server does not know this persisted query hash: send the query text with it.")]
    public const string PersistedQueryNotFound = "PERSISTED_QUERY_NOT_FOUND";

    [Description("Automatic persisted queries are off on this server.")]
    public const string PersistedQueryNotSupported = "PERSISTED_QUERY_NOT_SUPPORTED";

    [Description("The query text does not match its sha256Hash.")]
    public const string PersistedQueryHashMismatch = "PERSISTED_QUERY_HASH_MISMATCH";

    [Description("This server runs only persisted documents: send a known document id or hash.")]
    public const string PersistedQueryRequired = "PERSISTED_QUERY_REQUIRED";

    // Refused HTTP requests, WebSocket upgrades and media links (error.code or errors[].extensions.code).
    [Description("The HTTP request is malformed, or names no or an unknown operation (HTTP 400).")]
    public const string BadRequest = "BAD_REQUEST";

    [Description("The request body is larger than the server accepts (HTTP 413).")]
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";

    [Description("The request's Content-Type is not one the server reads (HTTP 415).")]
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";

    [Description("Use GET for queries or POST for any operation; mutations only over POST (HTTP 405).")]
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";

    [Description("The Accept header lists no media type the server answers with (HTTP 406).")]
    public const string NotAcceptable = "NOT_ACCEPTABLE";

    [Description("A GET without a header forcing a CORS preflight, refused as possible cross-site request forgery (HTTP 400).")]
    public const string CsrfBlocked = "CSRF_BLOCKED";

    [Description("A WebSocket upgrade over the connection limits (HTTP 429).")]
    public const string TooManyConnections = "TOO_MANY_CONNECTIONS";

    [Description("The media link has expired: ask for a new one (HTTP 410).")]
    public const string MediaLinkExpired = "MEDIA_LINK_EXPIRED";

    [Description("Not a valid media link of this server (HTTP 403).")]
    public const string MediaLinkInvalid = "MEDIA_LINK_INVALID";

    [Description("Too many audio files are being fetched right now; retry in a second (HTTP 503).")]
    public const string MediaBusy = "MEDIA_BUSY";

    [Description("The audio file could not be fetched from the provider right now (HTTP 502).")]
    public const string MediaUnavailable = "MEDIA_UNAVAILABLE";
}
