using System.Collections.Concurrent;
using System.Security.Claims;

namespace Son1kVers3.GraphQL.Transport;

/// <summary>The user a connection_init token names, and until when the server accepts that token.</summary>
public sealed record WebSocketUser(ClaimsPrincipal Principal, DateTimeOffset ValidUntil);

/// <summary>
/// Where one graphql-transport-ws connection stands: initialisation (none, received, acknowledged),
/// the user it runs as and for how long, and its operations in progress by id (each with its cancellation).
/// </summary>
public sealed class WebSocketProtocolState : IDisposable
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _operations = new();
    private readonly List<IDisposable> _signedIn = [];
    private int _initState; // 0 none, 1 received, 2 acknowledged

    public ClaimsPrincipal User { get; private set; } = new(new ClaimsIdentity());

    public bool InitReceived => Volatile.Read(ref _initState) != 0;

    public bool Acknowledged => Volatile.Read(ref _initState) == 2;

    public int OperationCount => _operations.Count;

    /// <summary>False when a connection_init came before (the protocol allows one).</summary>
    public bool TryBeginInit() => Interlocked.CompareExchange(ref _initState, 1, 0) == 0;

    /// <summary>
    /// The connection runs as this user no longer than its token lives, nor than the user's security
    /// stamp (a reset, suspension or deletion), nor than the token's sign-in session (revokeSession,
    /// logout): <paramref name="end"/> is told why when one of them ends.
    /// </summary>
    public void SignIn(WebSocketUser user, TimeProvider clock, UserSockets sockets, Action<string> end)
    {
        User = user.Principal;
        _signedIn.Add(clock.CreateTimer(_ => end("Forbidden: the access token has expired"), null,
            TimeSpan.FromTicks(Math.Max(0, (user.ValidUntil - clock.GetUtcNow()).Ticks)), Timeout.InfiniteTimeSpan));
        if (Execution.CurrentUser.IdOf(user.Principal) is { } userId)
        {
            _signedIn.Add(sockets.Register(userId, Execution.CurrentUser.SessionIdOf(user.Principal), () => end("Forbidden: the session was ended")));
        }
    }

    public void Acknowledge() => Volatile.Write(ref _initState, 2);

    /// <summary>Starts an operation under its id; false when one with this id is in progress.</summary>
    public bool TryStart(string id, Func<CancellationToken, Task> run)
    {
        var cancellation = new CancellationTokenSource();
        if (!_operations.TryAdd(id, cancellation))
        {
            cancellation.Dispose();
            return false;
        }

        _ = RunAsync(id, cancellation, run);
        return true;
    }

    /// <summary>The client completed an operation: cancel it.</summary>
    public void Complete(string id)
    {
        if (_operations.TryRemove(id, out var operation))
        {
            operation.Cancel();
        }
    }

    private async Task RunAsync(string id, CancellationTokenSource cancellation, Func<CancellationToken, Task> run)
    {
        try
        {
            await run(cancellation.Token);
        }
        finally
        {
            _operations.TryRemove(new KeyValuePair<string, CancellationTokenSource>(id, cancellation));
            cancellation.Dispose();
        }
    }

    /// <summary>The connection ended: its watches stop and its operations are cancelled.</summary>
    public void Dispose()
    {
        _signedIn.ForEach(watch => watch.Dispose());
        foreach (var operation in _operations.Values)
        {
            operation.Cancel();
        }
    }
}
