using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Accounts;

public static class AccountErrors
{
    public static Error Suspended() => new(ErrorCodes.AccountSuspended, "This account is suspended: it cannot sign in. Contact support if you think this is a mistake.");
}
