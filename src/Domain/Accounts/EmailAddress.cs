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

    /// <summary>Domains that can never receive mail (RFC 2606 and RFC 6761): no person owns an address there.</summary>
    private static readonly string[] ReservedTopLevelDomains = ["test", "example", "invalid", "localhost", "local"];
    private static readonly string[] ReservedDomains = ["example.com", "example.net", "example.org"];

    public static bool IsOnReservedDomain(string normalized)
    {
        var domain = normalized[(normalized.LastIndexOf('@') + 1)..].TrimEnd('.');
        var topLevel = domain[(domain.LastIndexOf('.') + 1)..];
        return ReservedTopLevelDomains.Contains(topLevel)
            || ReservedDomains.Any(d => domain == d || domain.EndsWith("." + d, StringComparison.Ordinal));
    }
}
