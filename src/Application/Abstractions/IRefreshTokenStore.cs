namespace Son1kVers3.Application.Abstractions;

/// <summary>
/// The refresh-token families, where rotation, reuse detection and revocation must not interleave:
/// a refresh racing a revocation of its family, or of all the user's sessions (see
/// <see cref="Accounts.SessionRevocation"/>), must never leave a live successor behind.
/// </summary>
public interface IRefreshTokenStore
{
    /// <summary>Uses the presented token once and stores its successor (by hash) in the same family.</summary>
    Task<RefreshRotation> RotateAsync(string presentedHash, string successorHash, TimeSpan lifetime, CancellationToken cancellationToken);

    /// <summary>Revokes every token of the presented token's family; false when the token is unknown.</summary>
    Task<bool> RevokeFamilyAsync(string presentedHash, CancellationToken cancellationToken);
}

public enum RotationOutcome
{
    Rotated,

    /// <summary>No such token, or expired.</summary>
    Unknown,

    /// <summary>Used or revoked before: the whole family has now been revoked.</summary>
    Reused,

    /// <summary>The token's user is suspended: nothing was rotated.</summary>
    Suspended,
}

/// <summary>FamilyId: the session (refresh-token family) rotated, when Rotated.</summary>
public sealed record RefreshRotation(RotationOutcome Outcome, Guid UserId, Guid? FamilyId = null);
