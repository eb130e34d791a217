using GraphQL.DataLoader;
using Son1kVers3.Application.Chat;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Chat;
using Son1kVers3.GraphQL.Execution;

namespace Son1kVers3.GraphQL.Features.Chat;

/// <summary>
/// Authors and rooms of every message of a response in one query each. Each batch reads in its
/// own scope, so live subscription events never share a DbContext with another operation.
/// </summary>
public sealed class ChatLoaders(IServiceScopeFactory scopes)
{
    private readonly BatchLoader<Guid, User?> _authors = new((ids, ct) => ReadAsync(scopes, q => q.UsersAsync(ids, ct)), null);
    private readonly BatchLoader<Guid, ChatRoom?> _rooms = new((ids, ct) => ReadAsync(scopes, q => q.RoomsByIdAsync(ids, ct)), null);

    public IDataLoaderResult<User?> Author(Guid userId) => _authors.Load(userId);

    public IDataLoaderResult<ChatRoom?> Room(Guid roomId) => _rooms.Load(roomId);

    public static async Task<T> ReadAsync<T>(IServiceScopeFactory scopes, Func<ChatQueries, Task<T>> read)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<ChatQueries>());
    }
}
