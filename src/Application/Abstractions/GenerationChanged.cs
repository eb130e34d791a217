namespace Son1kVers3.Application.Abstractions;

/// <summary>The message on <see cref="EventTopics.Generations"/>.</summary>
public sealed record GenerationChanged(Guid GenerationId, Guid UserId);
