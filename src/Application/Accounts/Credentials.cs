using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Accounts;

/// <summary>The rules for what a person types when registering.</summary>
public static class Credentials
{
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 128;
    public const int MaxDisplayNameLength = 100;

    private static readonly HashSet<string> CommonPasswords = new(StringComparer.OrdinalIgnoreCase)
    {
        "12345678", "123456789", "1234567890", "password", "password1", "password123", "passw0rd", "qwertyuiop",
        "qwerty123", "qwerty12", "iloveyou", "11111111", "00000000", "abc12345", "abcd1234", "1q2w3e4r",
        "1qaz2wsx", "sunshine", "princess", "football", "baseball", "welcome1", "admin123", "letmein1",
        "monkey12", "dragon12", "trustno1", "superman", "starwars", "whatever", "michael1", "shadow12",
        "master12", "jennifer", "88888888", "12341234", "87654321", "11223344", "qwer1234", "asdfghjk",
        "zxcvbnm1", "computer", "internet", "changeme", "password!", "p@ssw0rd", "welcome123", "son1kvers3",
    };

    public static Error? CheckEmail(string normalizedEmail)
    {
        if (!EmailAddress.LooksValid(normalizedEmail))
        {
            return Error.Validation("email", "must be an email address such as name@gmail.com.");
        }

        return EmailAddress.IsOnReservedDomain(normalizedEmail)
            ? Error.Validation("email", "is on a reserved domain that cannot receive mail (such as .invalid, .test, .example or example.com); use your real address.")
            : null;
    }

    public static Error? CheckPassword(string password)
    {
        if (password.Length is < MinPasswordLength or > MaxPasswordLength)
        {
            return Error.Validation("password", $"must be {MinPasswordLength} to {MaxPasswordLength} characters long.");
        }

        return CommonPasswords.Contains(password)
            ? Error.Validation("password", "is one of the most common passwords; choose another.")
            : null;
    }

    public static Error? CheckDisplayName(string? displayName) =>
        displayName is { Length: > MaxDisplayNameLength }
            ? Error.Validation("displayName", $"must be at most {MaxDisplayNameLength} characters.")
            : null;

    /// <summary>A name from a provider, cut to fit (never splitting a surrogate pair); blank becomes null.</summary>
    public static string? FitDisplayName(string? displayName)
    {
        var name = displayName?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        if (name.Length <= MaxDisplayNameLength)
        {
            return name;
        }

        var cut = char.IsHighSurrogate(name[MaxDisplayNameLength - 1]) ? MaxDisplayNameLength - 1 : MaxDisplayNameLength;
        return name[..cut].TrimEnd();
    }
}
