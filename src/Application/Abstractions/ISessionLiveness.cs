namespace Son1kVers3.Application.Abstractions;

/// <summary>
/// Whether a sign-in session (refresh-token family) named by an access token's sid is still live:
/// once it is ended (revokeSession, logout, a reused refresh token), its access tokens are refused
/// at once, not when they expire. Read through a short cache, evicted on every instance.
/// </summary>
public interface ISessionLiveness
{
    Task<bool> IsLiveAsync(Guid sessionId, CancellationToken cancellationToken);
}

/// <summary>Told on every instance when a sign-in session ended (e.g. to close the sockets opened with its tokens).</summary>
public interface ISessionEndObserver
{
    void SessionEnded(Guid sessionId);
}
