using Son1kVers3.Application.Generations;
using Son1kVers3.Domain.Generations;

namespace Son1kVers3.Application.Abstractions;

/// <summary>A generation with its tracks as stored, and the version of its row then (every write of the row changes it).</summary>
public sealed record StoredGeneration(Generation Generation, uint Version);

/// <summary>Commits (the song was made) or releases a generation's reservation with its outcome; a settled reservation stays as it is.</summary>
public sealed record ReservationSettlement(Guid ReservationId, bool Commit, string Reason);

/// <summary>
/// A change to write. <see cref="Read"/>'s generation as changed (<see cref="Changed"/>: anything a client can see), and
/// from a worker its <see cref="Lease"/> and the job as the change left it (a scheduled job gets its next step and its lease
/// ends; the job of a terminal generation ends); a callback has neither, and ends the job of a terminal generation.
/// </summary>
public sealed record GenerationOutcome(StoredGeneration Read, bool Changed, JobLease? Lease, GenerationJob? Job, ReservationSettlement? Settle);

/// <summary>What became of an outcome write.</summary>
public enum OutcomeWritten
{
    /// <summary>All of it, at once.</summary>
    Written,

    /// <summary>Nothing: the generation was written by someone else since it was read (read it again and decide again).</summary>
    Stale,

    /// <summary>Nothing: the writer's lease is no longer the job's (taken over, or the job ended).</summary>
    LeaseLost,
}

/// <summary>The result of an outcome write; with <see cref="OutcomeWritten.LeaseLost"/>, the instance holding the job now (null when it ended).</summary>
public sealed record OutcomeWrite(OutcomeWritten Status, string? Holder = null);

/// <summary>
/// Where a generation's outcomes are written: each in one self-committing statement, written only if the generation is
/// still as it was read (writers of one generation take turns on its row version) and, from a worker, only while its lease is
/// still the job's (fencing), with the job's next step and the reservation's settlement in the same statement.
/// </summary>
public interface IGenerationOutcomes
{
    /// <summary>The generation with its tracks and its row version; null when there is none.</summary>
    Task<StoredGeneration?> ReadAsync(Guid generationId, CancellationToken cancellationToken);

    /// <summary>As <see cref="ReadAsync"/>, found by the task id the provider gave it (a callback names only that); null when none has it.</summary>
    Task<StoredGeneration?> ReadByProviderTaskAsync(string taskId, CancellationToken cancellationToken);

    Task<OutcomeWrite> WriteAsync(GenerationOutcome outcome, CancellationToken cancellationToken);

    /// <summary>
    /// For an outcome that changes nothing but the job (a poll with no news): writes <paramref name="job"/>'s next step (as
    /// <see cref="GenerationJob.Schedule"/> set it) and ends the lease, in one statement that writes only while
    /// <paramref name="lease"/> is still the job's (fencing). False when it is not (taken over, or the job ended).
    /// </summary>
    Task<bool> RescheduleAsync(JobLease lease, GenerationJob job, CancellationToken cancellationToken);
}
