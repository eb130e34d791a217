namespace Son1kVers3.Domain.Generations;

/// <summary>What the worker must do next for a generation.</summary>
public enum JobStep
{
    /// <summary>Send the task to the provider.</summary>
    Submit,

    /// <summary>The request was (maybe) sent and no answer recorded: the outcome is unknown and must not be resent.</summary>
    Submitting,

    /// <summary>Ask the provider how the task is going.</summary>
    Poll,
}

/// <summary>
/// The durable work item of an in-flight generation, written in the same transaction as the
/// generation. A worker leases it and renews the lease while it works; a lease that runs out (the
/// worker died) lets another take it. Every claim gets a new <see cref="LeaseToken"/>: a step's
/// outcome is written only while the writer's token is still the job's.
/// </summary>
public sealed class GenerationJob
{
    private GenerationJob()
    {
    }

    public Guid GenerationId { get; private set; }
    public JobStep Step { get; private set; }
    public DateTimeOffset DueAt { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset? LeaseUntil { get; private set; }
    public Guid? LeaseToken { get; private set; }

    /// <summary>The instance id of the worker that claimed the job last (kept after its step, for the logs).</summary>
    public string? LeasedBy { get; private set; }

    public static GenerationJob SubmitNow(Guid generationId, DateTimeOffset now) =>
        new() { GenerationId = generationId, Step = JobStep.Submit, DueAt = now };

    /// <summary>
    /// The job as the worker holding its lease knows it: claimed in <paramref name="step"/> after <paramref name="attempts"/>
    /// attempts of it, under <paramref name="leaseToken"/> (when it is due again is not known until <see cref="Schedule"/>).
    /// </summary>
    public static GenerationJob Claimed(Guid generationId, JobStep step, int attempts, Guid leaseToken) =>
        new() { GenerationId = generationId, Step = step, Attempts = attempts, LeaseToken = leaseToken };

    /// <summary>Whether <see cref="Schedule"/> has set its next step (and ended the lease).</summary>
    public bool IsScheduled => LeaseToken is null;

    /// <summary>The next step and when; counts attempts of the same step for backoff, and ends the lease (the step's outcome is written).</summary>
    public void Schedule(JobStep step, DateTimeOffset dueAt)
    {
        var sameStep = step == Step || (step == JobStep.Submit && Step == JobStep.Submitting);
        Attempts = sameStep ? Attempts + 1 : 0;
        Step = step;
        DueAt = dueAt;
        LeaseUntil = null;
        LeaseToken = null;
    }
}
