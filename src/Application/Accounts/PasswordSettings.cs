using Son1kVers3.Application.Common;

namespace Son1kVers3.Application.Accounts;

public sealed record PasswordSettings(int Pbkdf2Iterations)
{
    /// <summary>OWASP's 2023 figure for PBKDF2-HMAC-SHA256.</summary>
    public const int OwaspIterations = 600_000;

    public static PasswordSettings Read(SettingsReader settings) =>
        new(settings.Int("PASSWORD_HASH_ITERATIONS", OwaspIterations, min: 1_000, max: 10_000_000));
}
