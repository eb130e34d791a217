using Son1kVers3.Domain.Plans;

namespace Son1kVers3.Domain.Accounts;

/// <summary>A person with an account. The email is stored normalised (see <see cref="EmailAddress"/>).</summary>
public sealed class User
{
    private User()
    {
        Email = string.Empty;
    }

    public Guid Id { get; private set; }
    public string Email { get; private set; }
    public string? DisplayName { get; private set; }
    public string? PasswordHash { get; private set; }
    public Role Role { get; private set; }
    public Tier Tier { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When the email was proven to belong to this person (by a provider that verified it); null until then.</summary>
    public DateTimeOffset? EmailVerifiedAt { get; private set; }

    public bool IsEmailVerified => EmailVerifiedAt is not null;

    /// <summary>
    /// Changes whenever every access token issued before must stop working (a password reset or
    /// change, a suspension, a deletion); access tokens carry the stamp they were issued under.
    /// </summary>
    public Guid SecurityStamp { get; private set; }

    /// <summary>
    /// Grows with every change of what the user has used (a reservation, a release, a download, a
    /// share), in the change's own transaction or after it: usage computed while the user's row
    /// showed this value may be reused for as long as the row still shows it.
    /// </summary>
    public long UsageRevision { get; private set; }

    /// <summary>The language of the user's mail: es or en (see <see cref="Locales"/>).</summary>
    public string Locale { get; private set; } = Locales.Default;

    /// <summary>
    /// Set only on the stand-in of an erased account (see <see cref="Tombstone"/>): it holds nothing
    /// personal, cannot sign in, and no query of users sees it.
    /// </summary>
    public DateTimeOffset? DeletedAt { get; private set; }
    /// <summary>Suspended users cannot sign in (see <see cref="Suspend"/>).</summary>
    public UserStatus Status { get; private set; } = UserStatus.Active;

    public DateTimeOffset? SuspendedAt { get; private set; }

    /// <summary>Why an admin suspended the account (for admins; at most <see cref="MaxSuspensionReasonLength"/> characters).</summary>
    public string? SuspensionReason { get; private set; }

    public const int MaxSuspensionReasonLength = 500;

    public bool IsSuspended => Status == UserStatus.Suspended;

    public Plan Plan => PlanCatalog.For(Tier);
    public IReadOnlyList<Tool> Tools => PlanCatalog.ToolsFor(Tier, Role);

    public static User Create(string email, string? passwordHash, string? displayName, DateTimeOffset now, string? locale = null) => new()
    {
        Locale = Locales.Supported(locale) ?? Locales.Default,
        SecurityStamp = Guid.NewGuid(),
        Id = Guid.CreateVersion7(now),
        Email = EmailAddress.Normalize(email),
        PasswordHash = passwordHash,
        DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim(),
        Role = Role.User,
        Tier = Tier.Free,
        CreatedAt = now,
    };

    /// <summary>
    /// The anonymous stand-in that keeps an erased account's ledger rows (what was used stays used):
    /// a fresh random id that nothing links to the person, no email (a non-address placeholder), no
    /// password, no name.
    /// </summary>
    public static User Tombstone(DateTimeOffset now)
    {
        var id = Guid.NewGuid();
        return new User
        {
            Id = id,
            Email = $"deleted-{id:N}",
            SecurityStamp = Guid.NewGuid(),
            Role = Role.User,
            Tier = Tier.Free,
            CreatedAt = now,
            DeletedAt = now,
        };
    }

    public void MakeAdmin() => Role = Role.Admin;

    /// <summary>Records that someone who controls the address proved it; the first proof's time is kept.</summary>
    public void MarkEmailVerified(DateTimeOffset now) => EmailVerifiedAt ??= now;

    public void ChangeTier(Tier tier) => Tier = tier;

    /// <summary>Voids every access token issued before now.</summary>
    public void RotateSecurityStamp() => SecurityStamp = Guid.NewGuid();

    /// <summary>Stops the user from signing in and voids every access token issued before (the caller ends the sessions).</summary>
    public void Suspend(string reason, DateTimeOffset now)
    {
        Status = UserStatus.Suspended;
        SuspendedAt = now;
        SuspensionReason = reason;
        RotateSecurityStamp();
    }

    /// <summary>Lets the user sign in again (the sessions ended by the suspension stay ended).</summary>
    public void Unsuspend()
    {
        Status = UserStatus.Active;
        SuspendedAt = null;
        SuspensionReason = null;
    }

    /// <summary>Changes what was given: a null value keeps the current one; an empty name clears it.</summary>
    public void UpdateProfile(string? displayName, string? locale)
    {
        if (displayName is not null)
        {
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim();
        }

        Locale = Locales.Supported(locale) ?? Locale;
    }

    /// <summary>Sets a new password (or a first one, for an account that only signed in through OAuth).</summary>
    public void SetPassword(string passwordHash) => PasswordHash = passwordHash;

    /// <summary>Moves the account to an address whose owner just proved it.</summary>
    public void ChangeEmail(string verifiedEmail, DateTimeOffset now)
    {
        Email = EmailAddress.Normalize(verifiedEmail);
        EmailVerifiedAt = now;
    }
}
