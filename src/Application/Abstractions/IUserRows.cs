using Son1kVers3.Domain.Accounts;

namespace Son1kVers3.Application.Abstractions;

/// <summary>
/// Users' rows as shown to them (me and its fields): a short per-instance cache, for display
/// only — tier checks, quotas and the ledger read PostgreSQL. A change of a user's row saved
/// through EF Core's change tracker evicts it by itself (after its commit); any other writer of
/// users (hand-written SQL, ExecuteUpdate/ExecuteDelete) calls <see cref="ChangedAsync"/> after
/// committing.
/// </summary>
public interface IUserRows
{
    /// <summary>The user's row, from the cache while nothing changed (read again ahead of its expiry while in use).</summary>
    Task<User?> GetAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>Evicts the user's row here at once and on every other instance (call after the commit).</summary>
    Task ChangedAsync(Guid userId, CancellationToken cancellationToken);
}
