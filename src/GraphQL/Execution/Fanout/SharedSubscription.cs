using System.Security.Claims;
using GraphQL;
using Son1kVers3.Domain.Accounts;

namespace Son1kVers3.GraphQL.Execution.Fanout;

/// <summary>
/// One started subscription whose events are shared by its group: a plain listener of its source
/// stream that holds its group, its viewer and its group key, and no execution state of its own.
/// An event whose result its group already has goes to the observer at once, in the thread that
/// delivered the event (the shared bytes, see <see cref="SharedPayload.Result"/>); any other waits
/// for its execution. Events, the stream's failure and its end reach the observer in the order
/// the source gave them, and nothing does once the subscription is disposed (one subscribe).
/// </summary>
internal sealed class SharedSubscription(
    FanoutSubscriptionStrategy strategy, SubscriptionGroup group, IObservable<object?> source, ClaimsPrincipal? user, Guid? viewerId, User? viewer)
    : IObservable<ExecutionResult>, IObserver<object?>, IDisposable
{
    private IObservable<object?>? _from = source; // until subscribed: what the stream resolver made holds only what subscribing needs
    private IObserver<ExecutionResult>? _observer;
    private IDisposable? _source;
    private CancellationTokenSource? _stop; // made at the first event that has to wait (an execution, the stream's failure)
    private Task _pending = Task.CompletedTask; // the last event still on its way to the observer
    private int _disposed;

    public SubscriptionGroup Group => group;

    public ClaimsPrincipal? User => user;

    /// <summary>The signed-in viewer's id, or null when anonymous.</summary>
    public Guid? ViewerId => viewerId is { } id && id != Guid.Empty ? id : null;

    /// <summary>The viewer as read at subscribe (or at the first event that needed it), kept only when its events' group keys need it.</summary>
    public User? Viewer { get; set; } = viewer;

    /// <summary>The group key of every event, once known, when it does not depend on the event.</summary>
    public GroupKey? Key { get; set; }

    private bool Disposed => Volatile.Read(ref _disposed) != 0;

    public IDisposable Subscribe(IObserver<ExecutionResult> observer)
    {
        if (Interlocked.CompareExchange(ref _observer, observer, null) is not null)
        {
            throw new InvalidOperationException("A shared subscription has one observer.");
        }

        var subscription = Interlocked.Exchange(ref _from, null)!.Subscribe(this);
        if (Interlocked.CompareExchange(ref _source, subscription, null) is not null || Disposed)
        {
            subscription.Dispose(); // disposed while subscribing
        }

        return this;
    }

    // The source calls these one at a time (the observer contract), so _pending needs no lock.
    public void OnNext(object? value)
    {
        if (Disposed)
        {
            return;
        }

        if (_pending.IsCompleted && Key is { } key && value is not null && strategy.Cache.Find(value, key, ViewerId) is { } shared)
        {
            _observer!.OnNext(shared.Result); // the group's bytes: no execution, no wait
            return;
        }

        _pending = NextAsync(_pending, value);
    }

    public void OnError(Exception error) => _pending = ErrorAsync(_pending, error);

    public void OnCompleted() => _pending = CompletedAsync(_pending);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Volatile.Read(ref _stop)?.Cancel();
        Interlocked.Exchange(ref _source, NoSource.Instance)?.Dispose();
        group.Leave();
    }

    private CancellationToken Stop()
    {
        if (Volatile.Read(ref _stop) is null && Interlocked.CompareExchange(ref _stop, new CancellationTokenSource(), null) is null && Disposed)
        {
            _stop!.Cancel();
        }

        return _stop!.Token;
    }

    private async Task NextAsync(Task previous, object? value)
    {
        await previous;
        if (Disposed)
        {
            return;
        }

        ExecutionResult result;
        try
        {
            result = await strategy.ResultAsync(this, value, Stop());
        }
        catch (Exception failure)
        {
            if (!Disposed)
            {
                _observer!.OnError(failure);
            }

            return;
        }

        if (!Disposed)
        {
            _observer!.OnNext(result);
        }
    }

    private async Task ErrorAsync(Task previous, Exception error)
    {
        await previous;
        if (Disposed)
        {
            return;
        }

        Exception reported;
        try
        {
            reported = await strategy.ErrorAsync(this, error, Stop());
        }
        catch (Exception failure)
        {
            reported = failure;
        }

        if (!Disposed)
        {
            _observer!.OnError(reported);
        }
    }

    private async Task CompletedAsync(Task previous)
    {
        await previous;
        if (!Disposed)
        {
            _observer!.OnCompleted();
        }
    }

    private sealed class NoSource : IDisposable
    {
        public static readonly NoSource Instance = new();

        public void Dispose()
        {
        }
    }
}
