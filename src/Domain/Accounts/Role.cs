namespace Son1kVers3.Domain.Accounts;

public enum Role
{
    User,
    Admin,
}
