using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Accounts;

public static class AccountErrors
{
    public const string EmailTaken = "EMAIL_TAKEN";
    public const string InvalidCredentials = "INVALID_CREDENTIALS";
    public const string InvalidRefreshToken = "INVALID_REFRESH_TOKEN";
    public const string ProviderNotConfigured = "PROVIDER_NOT_CONFIGURED";
    public const string OAuthCodeRejected = "OAUTH_CODE_REJECTED";
    public const string OAuthProviderUnavailable = "OAUTH_PROVIDER_UNAVAILABLE";
    public const string AccountExists = "ACCOUNT_EXISTS";
    public const string ProviderAlreadyLinked = "PROVIDER_ALREADY_LINKED";
    public const string ProviderNotLinked = "PROVIDER_NOT_LINKED";
    public const string LastSignInMethod = "LAST_SIGN_IN_METHOD";
    public const string InvalidToken = "INVALID_TOKEN";
    public const string EmailNotVerified = "EMAIL_NOT_VERIFIED";
    public const string NoPassword = "NO_PASSWORD";
    public const string ReauthenticationRequired = "REAUTHENTICATION_REQUIRED";
    public const string AccountSuspended = "ACCOUNT_SUSPENDED";
    public const string CannotSuspendSelf = "CANNOT_SUSPEND_SELF";

    public static Error Suspended() => new(AccountSuspended, "This account is suspended: it cannot sign in. Contact support if you think this is a mistake.");
}
