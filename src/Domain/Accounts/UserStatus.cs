namespace Son1kVers3.Domain.Accounts;

/// <summary>Whether a user may sign in: an admin suspends an abusive account and may lift it again.</summary>
public enum UserStatus
{
    Active,
    Suspended,
}
