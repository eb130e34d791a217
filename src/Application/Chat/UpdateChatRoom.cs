using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Chat;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Chat;

public sealed record UpdateChatRoomCommand(Guid RoomId, string? Name, bool? Archived);

/// <summary>An admin renames a room or archives it (read-only) or opens it again.</summary>
public sealed class UpdateChatRoom(IAppDbContext db)
{
    public async Task<Result<ChatRoom>> HandleAsync(UpdateChatRoomCommand command, CancellationToken ct)
    {
        var room = await db.ChatRooms.SingleOrDefaultAsync(r => r.Id == command.RoomId, ct);
        if (room is null)
        {
            return new Error(ErrorCodes.NotFound, "roomId: no chat room has this id.");
        }

        if (command.Name is not null)
        {
            var name = ChatRules.CheckRoomName(command.Name);
            if (!name.IsSuccess)
            {
                return name.Error!;
            }

            if (name.Value != room.Name && await db.ChatRooms.AnyAsync(r => r.Name == name.Value, ct))
            {
                return ChatRoomNames.Taken();
            }

            room.Rename(name.Value);
        }

        if (command.Archived is { } archived)
        {
            room.SetArchived(archived);
        }

        return await ChatRoomNames.SaveAsync(db, room, ct);
    }
}
