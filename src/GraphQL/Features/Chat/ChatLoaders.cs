using GraphQL.DataLoader;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Chat;
using Son1kVers3.GraphQL.Execution;

namespace Son1kVers3.GraphQL.Features.Chat;

/// <summary>
/// Authors and rooms of every message of a response in one batch each, through the instance's
/// <see cref="ChatDirectory"/> (so live events fanned out to many subscribers share one read).
/// </summary>
public sealed class ChatLoaders(ChatDirectory directory)
{
    private readonly BatchLoader<Guid, User?> _authors = new((ids, _) => directory.UsersAsync(ids), null);
    private readonly BatchLoader<Guid, ChatRoom?> _rooms = new((ids, _) => directory.RoomsAsync(ids), null);

    public IDataLoaderResult<User?> Author(Guid userId) => _authors.Load(userId);

    public IDataLoaderResult<ChatRoom?> Room(Guid roomId) => _rooms.Load(roomId);

    /// <summary>Reads in a scope of its own, so live subscription events never share a DbContext with another operation.</summary>
    public static async Task<T> ReadAsync<T>(IServiceScopeFactory scopes, Func<Application.Chat.ChatQueries, Task<T>> read)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<Application.Chat.ChatQueries>());
    }
}
