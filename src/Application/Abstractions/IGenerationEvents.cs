namespace Son1kVers3.Application.Abstractions;

/// <summary>Tells every server instance that a generation changed (subscribers then read its state).</summary>
public interface IGenerationEvents
{
    Task PublishChangedAsync(Guid generationId, Guid userId, CancellationToken cancellationToken);
}
