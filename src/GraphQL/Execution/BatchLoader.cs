using GraphQL.DataLoader;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// Collects the keys that sibling fields ask for while one level of a query resolves, then
/// loads them all in one call when the first result is needed (no N+1). Nothing is cached
/// between batches, so a long-lived subscription always reads fresh values.
/// </summary>
public sealed class BatchLoader<TKey, TValue>(Func<IReadOnlyCollection<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> fetch, TValue missing)
    where TKey : notnull
{
    private readonly object _gate = new();
    private readonly TValue _missing = missing;
    private Batch? _open;

    public IDataLoaderResult<TValue> Load(TKey key)
    {
        lock (_gate)
        {
            _open ??= new Batch();
            _open.Keys.Add(key);
            return new Result(this, _open, key);
        }
    }

    private Task<IReadOnlyDictionary<TKey, TValue>> Dispatch(Batch batch, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_open, batch))
            {
                _open = null; // later loads start a new batch
            }

            return batch.Values ??= fetch(batch.Keys, cancellationToken);
        }
    }

    private sealed class Batch
    {
        public HashSet<TKey> Keys { get; } = [];
        public Task<IReadOnlyDictionary<TKey, TValue>>? Values { get; set; }
    }

    private sealed class Result(BatchLoader<TKey, TValue> loader, Batch batch, TKey key) : IDataLoaderResult<TValue>
    {
        public async Task<TValue> GetResultAsync(CancellationToken cancellationToken = default) =>
            (await loader.Dispatch(batch, cancellationToken)).TryGetValue(key, out var value) ? value : loader._missing;

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}
