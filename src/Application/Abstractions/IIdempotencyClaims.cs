namespace Son1kVers3.Application.Abstractions;

/// <summary>What claiming an idempotency key found.</summary>
public enum ClaimOutcome
{
    /// <summary>This request now holds the key and must create (or forget the claim on failure).</summary>
    Claimed,

    /// <summary>An earlier request holds the key with the same input.</summary>
    HeldWithSameInput,

    /// <summary>An earlier request holds the key with another input.</summary>
    HeldWithOtherInput,
}

/// <summary>
/// Idempotency keys claimed with one short insert (a unique key, INSERT … ON CONFLICT): a request
/// never waits on another while holding a database connection. A claim whose request died
/// without creating anything is taken over after <c>abandonedAfter</c>.
/// </summary>
public interface IIdempotencyClaims
{
    Task<ClaimOutcome> ClaimAsync(Guid userId, string key, string requestHash, TimeSpan abandonedAfter, CancellationToken cancellationToken);

    /// <summary>Gives the key up after the claimed request failed, so that a retry may try again.</summary>
    Task ForgetAsync(Guid userId, string key, CancellationToken cancellationToken);
}
