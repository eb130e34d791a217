using System.Security.Cryptography;

namespace Son1kVers3.Application.Accounts;

/// <summary>
/// PBKDF2-HMAC-SHA256 with a random 128-bit salt. The stored form carries its own cost
/// (<c>pbkdf2-sha256$iterations$salt$hash</c>), so the cost can rise without breaking old hashes.
/// </summary>
public sealed class PasswordHasher(PasswordSettings settings)
{
    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    private readonly Lazy<string> _dummyHash = new(() => new PasswordHasher(settings).Hash(Guid.NewGuid().ToString()));

    /// <summary>A hash of nothing anyone knows, to verify against when there is no user, at the same cost.</summary>
    public string DummyHash => _dummyHash.Value;

    public string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, settings.Pbkdf2Iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Join('$', Scheme, settings.Pbkdf2Iterations, Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    public bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var iterations))
        {
            return false;
        }

        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
