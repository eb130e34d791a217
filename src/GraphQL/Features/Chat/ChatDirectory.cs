using System.Collections.Concurrent;
using Son1kVers3.Application.Chat;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Chat;

namespace Son1kVers3.GraphQL.Features.Chat;

/// <summary>
/// The authors and rooms of chat messages, read once per instance and kept for a few seconds: a
/// live message fanned out to a thousand subscribers costs one read of its author, not a thousand.
/// Concurrent requests for the same ids share one query.
/// </summary>
public sealed class ChatDirectory(IServiceScopeFactory scopes, TimeProvider clock)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<Guid, Entry<User>> _users = new();
    private readonly ConcurrentDictionary<Guid, Entry<ChatRoom>> _rooms = new();

    public Task<IReadOnlyDictionary<Guid, User?>> UsersAsync(IReadOnlyCollection<Guid> ids) =>
        GetAsync(_users, ids, missing => ChatLoaders.ReadAsync(scopes, q => q.UsersAsync(missing, CancellationToken.None)));

    public Task<IReadOnlyDictionary<Guid, ChatRoom?>> RoomsAsync(IReadOnlyCollection<Guid> ids) =>
        GetAsync(_rooms, ids, missing => ChatLoaders.ReadAsync(scopes, q => q.RoomsByIdAsync(missing, CancellationToken.None)));

    private async Task<IReadOnlyDictionary<Guid, T?>> GetAsync<T>(
        ConcurrentDictionary<Guid, Entry<T>> cache, IReadOnlyCollection<Guid> ids, Func<IReadOnlyCollection<Guid>, Task<IReadOnlyDictionary<Guid, T?>>> read)
        where T : class
    {
        var now = clock.GetUtcNow();
        var toRead = new List<Guid>();
        var batch = new Lazy<Task<IReadOnlyDictionary<Guid, T?>>>(() => read(toRead)); // starts after the loop, with every id to read
        Entry<T> Create(Guid id)
        {
            toRead.Add(id);
            return new Entry<T>(now, new Lazy<Task<T?>>(async () => (await batch.Value).GetValueOrDefault(id)));
        }

        var entries = ids.Distinct().Select(id => (id, cache.AddOrUpdate(id, Create, (_, old) => now - old.At > Fresh ? Create(id) : old))).ToList();
        var result = new Dictionary<Guid, T?>();
        foreach (var (id, entry) in entries)
        {
            result[id] = await entry.Value.Value;
        }

        if (cache.Count > 10_000)
        {
            foreach (var stale in cache.Where(e => now - e.Value.At > Fresh).Select(e => e.Key).ToList())
            {
                cache.TryRemove(stale, out _);
            }
        }

        return result;
    }

    private sealed record Entry<T>(DateTimeOffset At, Lazy<Task<T?>> Value) where T : class;
}
