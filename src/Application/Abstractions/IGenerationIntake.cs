using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Domain.TokenPool;

namespace Son1kVers3.Application.Abstractions;

/// <summary>
/// Takes the reservation of a new generation (plan quota, allocation and a pool token, see
/// <see cref="ITokenLedger.ReserveAsync"/>) under <see cref="Generation.ReservationId"/>, and stores the
/// generation and its job with it: all committed together, before this returns, or nothing at all.
/// </summary>
public interface IGenerationIntake
{
    Task<Result<ReservationReceipt>> ReserveAndStoreAsync(Generation generation, GenerationJob job, CancellationToken cancellationToken);
}
