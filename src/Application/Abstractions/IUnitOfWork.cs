using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Generations;

namespace Son1kVers3.Application.Abstractions;

/// <summary>
/// One database transaction that the use case owns: the DbContext's saves and the ledger's
/// movements run on its one connection, so a crash or outage at any instant leaves either
/// nothing or everything.
/// </summary>
public interface IUnitOfWork
{
    Task<ILedgerTransaction> BeginAsync(CancellationToken cancellationToken);
}

public interface ILedgerTransaction : IAsyncDisposable
{
    /// <summary>Takes quota, allocation and one pool token inside this transaction (see <see cref="ITokenLedger.ReserveAsync"/>).</summary>
    Task<Result<ReservationReceipt>> ReserveAsync(Guid userId, MusicModel model, string reason, CancellationToken cancellationToken);

    /// <summary>Commits (the song was made) or releases the reservation in this transaction; a settled reservation stays as it is.</summary>
    Task SettleReservationAsync(Guid reservationId, bool commit, string reason, CancellationToken cancellationToken);

    /// <summary>Without this, disposing rolls everything back.</summary>
    Task CommitAsync(CancellationToken cancellationToken);
}
