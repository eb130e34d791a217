namespace Son1kVers3.Application.Abstractions;

/// <summary>A lock shared by every server instance, held until the returned handle is disposed.</summary>
public interface IDistributedLock
{
    Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken);
}
