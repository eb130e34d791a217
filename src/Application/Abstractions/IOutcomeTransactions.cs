using Son1kVers3.Application.Generations;
using Son1kVers3.Domain.Generations;

namespace Son1kVers3.Application.Abstractions;

/// <summary>
/// Transactions in which a generation's outcome is written: the job row is locked first (writers
/// of one generation take turns), and the reservation is settled in the same transaction.
/// </summary>
public interface IOutcomeTransactions
{
    Task<IOutcomeTransaction> BeginAsync(CancellationToken cancellationToken);

    /// <summary>
    /// For an outcome that changes nothing but the job (a poll with no news): schedules the job's next step as
    /// <see cref="GenerationJob.Schedule"/> does, and ends the lease, in one self-committing statement that writes only
    /// while <paramref name="lease"/> is still the job's (fencing). False when it is not (taken over, or the job ended).
    /// </summary>
    Task<bool> RescheduleAsync(JobLease lease, JobStep step, DateTimeOffset dueAt, CancellationToken cancellationToken);
}

public interface IOutcomeTransaction : ILedgerTransaction
{
    /// <summary>
    /// Locks the generation's job row until the end of the transaction and loads it, tracked (its lease as the database
    /// has it now), in one round trip; null when there is no job.
    /// </summary>
    Task<GenerationJob?> LockJobAsync(Guid generationId, CancellationToken cancellationToken);
}
