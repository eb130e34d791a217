namespace Son1kVers3.Application.Abstractions;

/// <summary>A transaction in which the ledger settles a reservation together with the caller's own writes.</summary>
public interface ILedgerTransaction : IAsyncDisposable
{
    /// <summary>Commits (the song was made) or releases the reservation in this transaction; a settled reservation stays as it is.</summary>
    Task SettleReservationAsync(Guid reservationId, bool commit, string reason, CancellationToken cancellationToken);

    /// <summary>Without this, disposing rolls everything back.</summary>
    Task CommitAsync(CancellationToken cancellationToken);
}
