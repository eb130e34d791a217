namespace Son1kVers3.Application.Abstractions;

/// <summary>
/// Erases an account in one database transaction: the user's content and every personal datum go,
/// while the ledger rows (what was used stays used) move to an anonymous stand-in, so the pool's
/// figures and the ledger's sums keep their values.
/// </summary>
public interface IAccountEraser
{
    /// <summary>The anonymous id now holding the user's ledger rows; null when there was no such user (nothing done).</summary>
    Task<Guid?> EraseAsync(Guid userId, CancellationToken cancellationToken);
}
