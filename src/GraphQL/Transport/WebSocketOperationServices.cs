namespace Son1kVers3.GraphQL.Transport;

/// <summary>
/// The services of one WebSocket operation: a DI scope of its own while the operation starts (a query
/// or mutation answered, or a subscription's stream resolved), released as soon as it has. A
/// subscription lives for hours and its events execute in scopes of their own
/// (<see cref="Execution.Fanout.FanoutSubscriptionStrategy"/>), so the DbContext and the request's
/// scoped services go back at once instead of staying with every idle subscriber. What keeps a
/// reference to these services afterwards (GraphQL.NET keeps the execution options of a subscription)
/// gets the root provider's singletons and no longer holds the scope.
/// </summary>
public sealed class WebSocketOperationServices : IServiceProvider, IAsyncDisposable
{
    private readonly IServiceProvider _root;
    private readonly OperationScopes _count;
    private AsyncServiceScope? _scope;

    public WebSocketOperationServices(IServiceProvider root)
    {
        _root = root;
        _count = root.GetRequiredService<OperationScopes>();
        _scope = root.CreateAsyncScope();
        _count.Opened();
    }

    public object? GetService(Type serviceType) =>
        _scope is { } scope ? scope.ServiceProvider.GetService(serviceType) : _root.GetService(serviceType);

    /// <summary>Ends the scope (idempotent); from now on only singletons are served.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_scope is { } scope)
        {
            _scope = null;
            _count.Closed();
            await scope.DisposeAsync();
        }
    }
}

/// <summary>DI scopes held by WebSocket operations now (for tests and diagnostics): a started subscription holds none.</summary>
public sealed class OperationScopes
{
    private long _open;

    public long Open => Interlocked.Read(ref _open);

    internal void Opened() => Interlocked.Increment(ref _open);

    internal void Closed() => Interlocked.Decrement(ref _open);
}
