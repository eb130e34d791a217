using System.Collections.Concurrent;
using Son1kVers3.Application.Abstractions;

namespace Son1kVers3.GraphQL.Transport;

/// <summary>
/// The open WebSockets of each signed-in user on this instance, so that a security-stamp change
/// (reset, password change, suspension, deletion) on any instance closes them with 4403.
/// </summary>
public sealed class UserSockets : ISecurityStampObserver
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<object, Action>> _byUser = new();

    /// <summary>Calls <paramref name="close"/> when the user's stamp changes, until the result is disposed.</summary>
    public IDisposable Register(Guid userId, Action close)
    {
        var key = new object();
        _byUser.GetOrAdd(userId, _ => new()).TryAdd(key, close);
        return new Registration(() =>
        {
            if (_byUser.TryGetValue(userId, out var sockets))
            {
                sockets.TryRemove(key, out _);
            }
        });
    }

    public void StampChanged(Guid userId)
    {
        if (_byUser.TryRemove(userId, out var sockets))
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
