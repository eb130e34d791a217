using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Domain.Quotas;
using Son1kVers3.Domain.TokenPool;

namespace Son1kVers3.Application.Abstractions;

/// <summary>
/// The shared pool's ledger. Reserve takes the plan quota, the user's daily allocation and one
/// pool token together, atomically across every server instance; Commit and Release settle a
/// reservation exactly once. Every movement is recorded.
/// </summary>
public interface ITokenLedger
{
    Task<Result<ReservationReceipt>> ReserveAsync(Guid userId, MusicModel model, string reason, CancellationToken cancellationToken);

    /// <summary>True when this call settled the reservation; false when it was already settled.</summary>
    Task<bool> CommitAsync(Guid reservationId, string reason, CancellationToken cancellationToken);

    /// <summary>Gives quota, allocation and token back. True when this call settled the reservation.</summary>
    Task<bool> ReleaseAsync(Guid reservationId, string reason, CancellationToken cancellationToken);

    Task<DailyPool> GetPoolAsync(DateOnly day, CancellationToken cancellationToken);

    Task<Usage> GetUsageAsync(Guid userId, DateOnly today, CancellationToken cancellationToken);
}

public sealed record ReservationReceipt(Guid ReservationId, Bucket Bucket, DateOnly Day);
