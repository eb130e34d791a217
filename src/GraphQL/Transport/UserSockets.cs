using System.Collections.Concurrent;
using Son1kVers3.Application.Abstractions;

namespace Son1kVers3.GraphQL.Transport;

/// <summary>
/// The open WebSockets of each signed-in user and of each sign-in session on this instance, so that
/// a security-stamp change (reset, password change, suspension, deletion) or the end of the session
/// their token belongs to (revokeSession, logout, a reused refresh token), on any instance, closes
/// them with 4403.
/// </summary>
public sealed class UserSockets : ISecurityStampObserver, ISessionEndObserver
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<object, Action>> _byUser = new();
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<object, Action>> _bySession = new();

    /// <summary>Calls <paramref name="close"/> when the user's stamp changes or the session ends, until the result is disposed.</summary>
    public IDisposable Register(Guid userId, Guid? sessionId, Action close)
    {
        var key = new object();
        Add(_byUser, userId, key, close);
        if (sessionId is { } session)
        {
            Add(_bySession, session, key, close);
        }

        return new Registration(() =>
        {
            Remove(_byUser, userId, key);
            if (sessionId is { } session)
            {
                Remove(_bySession, session, key);
            }
        });
    }

    public void StampChanged(Guid userId) => CloseAll(_byUser, userId);

    public void SessionEnded(Guid sessionId) => CloseAll(_bySession, sessionId);

    private static void Add(ConcurrentDictionary<Guid, ConcurrentDictionary<object, Action>> index, Guid id, object key, Action close) =>
        index.GetOrAdd(id, _ => new()).TryAdd(key, close);

    private static void Remove(ConcurrentDictionary<Guid, ConcurrentDictionary<object, Action>> index, Guid id, object key)
    {
        if (index.TryGetValue(id, out var sockets))
        {
            sockets.TryRemove(key, out _);
        }
    }

    private static void CloseAll(ConcurrentDictionary<Guid, ConcurrentDictionary<object, Action>> index, Guid id)
    {
        if (index.TryRemove(id, out var sockets))
        {
            foreach (var close in sockets.Values)
            {
                close();
            }
        }
    }

    private sealed class Registration(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }
}
