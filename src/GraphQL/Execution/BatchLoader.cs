using GraphQL.DataLoader;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// Collects the keys that sibling fields ask for while one level of a query resolves, then
/// loads them all in one call when the first result is needed (no N+1). One instance per request.
/// </summary>
public sealed class BatchLoader<TKey, TValue>(Func<IReadOnlyCollection<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> fetch, TValue missing)
    where TKey : notnull
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<TKey, TValue> _loaded = [];
    private HashSet<TKey> _pending = [];

    public IDataLoaderResult<TValue> Load(TKey key)
    {
        lock (_loaded)
        {
            if (!_loaded.ContainsKey(key))
            {
                _pending.Add(key);
            }
        }

        return new Result(this, key);
    }

    private async Task<TValue> ResultAsync(TKey key, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            HashSet<TKey> batch;
            lock (_loaded)
            {
                if (_loaded.TryGetValue(key, out var known))
                {
                    return known;
                }

                (batch, _pending) = (_pending, []);
                batch.Add(key);
            }

            var values = await fetch(batch, cancellationToken);
            lock (_loaded)
            {
                foreach (var k in batch)
                {
                    _loaded[k] = values.TryGetValue(k, out var value) ? value : missing;
                }

                return _loaded[key];
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed class Result(BatchLoader<TKey, TValue> loader, TKey key) : IDataLoaderResult<TValue>
    {
        public Task<TValue> GetResultAsync(CancellationToken cancellationToken = default) => loader.ResultAsync(key, cancellationToken);

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}
