namespace Son1kVers3.Domain.Accounts;

public static class EmailAddress
{
    public const int MaxLength = 254;

    /// <summary>Emails are unique case-insensitively: stored trimmed and lower-cased.</summary>
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    /// <summary>A pragmatic shape check: one @, something before it, a dot in the domain, no spaces.</summary>
    public static bool LooksValid(string normalized)
    {
        var at = normalized.IndexOf('@');
        return normalized.Length <= MaxLength
            && at > 0
            && at == normalized.LastIndexOf('@')
            && normalized.IndexOf('.', at) > at + 1
            && !normalized.EndsWith('.')
            && !normalized.Any(char.IsWhiteSpace);
    }
}
