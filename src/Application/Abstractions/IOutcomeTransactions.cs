namespace Son1kVers3.Application.Abstractions;

/// <summary>
/// Transactions in which a generation's outcome is written: the job row is locked first (writers
/// of one generation take turns), and the reservation is settled in the same transaction.
/// </summary>
public interface IOutcomeTransactions
{
    Task<IOutcomeTransaction> BeginAsync(CancellationToken cancellationToken);
}

public interface IOutcomeTransaction : ILedgerTransaction
{
    /// <summary>Locks the generation's job row until the end of the transaction; who holds its lease now, or null when there is no job.</summary>
    Task<JobHolder?> LockJobAsync(Guid generationId, CancellationToken cancellationToken);
}

/// <summary>The lease on a job as the database has it now (both null when nobody holds it).</summary>
public sealed record JobHolder(Guid? Token, string? InstanceId);
