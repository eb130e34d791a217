namespace Son1kVers3.Application.Abstractions;

/// <summary>
/// The per-user security stamps that access tokens carry: a token whose stamp is no longer the
/// user's is refused at once (read through a short cache, evicted on every instance when a stamp
/// changes). Changing a stamp also closes the user's open WebSockets, on every instance.
/// </summary>
public interface ISecurityStamps
{
    /// <summary>True when the user exists and <paramref name="stamp"/> is their current stamp.</summary>
    Task<bool> IsCurrentAsync(Guid userId, string? stamp, CancellationToken cancellationToken);

    /// <summary>Tells every instance that the user's stamp changed (call after saving it).</summary>
    Task ChangedAsync(Guid userId, CancellationToken cancellationToken);
}

/// <summary>Told on every instance when a user's stamp changed (e.g. to close that user's open sockets).</summary>
public interface ISecurityStampObserver
{
    void StampChanged(Guid userId);
}
