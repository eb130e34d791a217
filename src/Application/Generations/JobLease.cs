using Son1kVers3.Domain.Generations;

namespace Son1kVers3.Application.Generations;

/// <summary>
/// A worker's claim on a generation's job: the claim's token, the instance that holds it, and the step the job was
/// in when claimed (a job claimed in <see cref="JobStep.Submit"/> is recorded as <see cref="JobStep.Submitting"/> by
/// the claim itself, before its request can leave), and how many times that step was tried (only the holder changes it).
/// </summary>
public sealed record JobLease(Guid GenerationId, Guid Token, string InstanceId, JobStep Step, int Attempts)
{
    /// <summary>The job as this lease holds it (only the holder changes it): in the step the claim recorded, with its attempts.</summary>
    public GenerationJob Job() =>
        GenerationJob.Claimed(GenerationId, Step == JobStep.Submit ? JobStep.Submitting : Step, Attempts, Token);
}
