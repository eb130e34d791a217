namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// Adapts an async stream to the IObservable that GraphQL.NET subscriptions take. Each
/// subscriber runs its own stream; disposing the subscription cancels it.
/// </summary>
public sealed class AsyncEnumerableObservable<T>(Func<CancellationToken, IAsyncEnumerable<T>> source) : IObservable<object?>
{
    public IDisposable Subscribe(IObserver<object?> observer)
    {
        var cancellation = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var item in source(cancellation.Token).WithCancellation(cancellation.Token))
                {
                    observer.OnNext(item);
                }

                observer.OnCompleted();
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                // unsubscribed
            }
            catch (Exception ex)
            {
                observer.OnError(ex);
            }
        });
        return new Subscription(cancellation);
    }

    private sealed class Subscription(CancellationTokenSource cancellation) : IDisposable
    {
        public void Dispose()
        {
            cancellation.Cancel();
            cancellation.Dispose();
        }
    }
}
