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

    public static Error? CheckPassword(string password, string field = "password")
    {
        if (password.Length is < MinPasswordLength or > MaxPasswordLength)
        {
            return Error.Validation(field, $"must be {MinPasswordLength} to {MaxPasswordLength} characters long.");
        }

        return CommonPasswords.Contains(password)
            ? Error.Validation(field, "is one of the most common passwords; choose another.")
            : null;
    }

    public static Error? CheckDisplayName(string? displayName) =>
        displayName is { Length: > MaxDisplayNameLength }
            ? Error.Validation("displayName", $"must be at most {MaxDisplayNameLength} characters.")
            : null;

    /// <summary>
    /// A name from a provider, made storable: control characters and lone surrogates dropped (PostgreSQL
    /// refuses NUL and invalid UTF-16), cut to fit without splitting a surrogate pair; blank becomes null.
    /// </summary>
    public static string? FitDisplayName(string? displayName)
    {
        var kept = new System.Text.StringBuilder(displayName?.Length ?? 0);
        for (var i = 0; i < (displayName?.Length ?? 0); i++)
        {
            var c = displayName![i];
            if (char.IsHighSurrogate(c) && i + 1 < displayName.Length && char.IsLowSurrogate(displayName[i + 1]))
            {
                kept.Append(c).Append(displayName[++i]);
            }
            else if (!char.IsControl(c) && !char.IsSurrogate(c))
            {
                kept.Append(c);
            }
        }

        var name = kept.ToString().Trim();
        if (name.Length > MaxDisplayNameLength)
        {
            name = name[..(char.IsHighSurrogate(name[MaxDisplayNameLength - 1]) ? MaxDisplayNameLength - 1 : MaxDisplayNameLength)].TrimEnd();
        }

        return name.Length == 0 ? null : name;
    }
}
