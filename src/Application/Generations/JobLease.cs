namespace Son1kVers3.Application.Generations;

/// <summary>A worker's claim on a generation's job: the claim's token, and the instance that holds it.</summary>
public sealed record JobLease(Guid GenerationId, Guid Token, string InstanceId);
