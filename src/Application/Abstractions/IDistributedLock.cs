namespace Son1kVers3.Application.Abstractions;

/// <summary>
/// A lock shared by every server instance, held until the returned handle is disposed. A caller
/// that finds it taken waits without holding a database connection, at most <c>wait</c>; null
/// means the lock stayed busy (answer a retryable error).
/// </summary>
public interface IDistributedLock
{
    Task<IAsyncDisposable?> TryAcquireAsync(string name, TimeSpan wait, CancellationToken cancellationToken);
}
