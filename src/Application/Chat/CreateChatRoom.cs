using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Chat;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Chat;

/// <summary>An admin opens a room with a unique name.</summary>
public sealed class CreateChatRoom(IAppDbContext db, TimeProvider clock)
{
    public async Task<Result<ChatRoom>> HandleAsync(string name, CancellationToken ct)
    {
        var checkedName = ChatRules.CheckRoomName(name);
        if (!checkedName.IsSuccess)
        {
            return checkedName.Error!;
        }

        if (await db.ChatRooms.AnyAsync(r => r.Name == checkedName.Value, ct))
        {
            return ChatRoomNames.Taken();
        }

        var room = ChatRoom.Create(checkedName.Value, clock.GetUtcNow());
        db.ChatRooms.Add(room);
        return await ChatRoomNames.SaveAsync(db, room, ct);
    }
}

internal static class ChatRoomNames
{
    public static Error Taken() => new(ErrorCodes.NameTaken, "name: another room has this name.");

    /// <summary>Saves, answering NAME_TAKEN when a concurrent request took the name first.</summary>
    public static async Task<Result<ChatRoom>> SaveAsync(IAppDbContext db, ChatRoom room, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return room;
        }
        catch (DbUpdateException)
        {
            return Taken();
        }
    }
}
