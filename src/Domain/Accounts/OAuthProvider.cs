namespace Son1kVers3.Domain.Accounts;

public enum OAuthProvider
{
    Google,
    Facebook,
    TikTok,
}
