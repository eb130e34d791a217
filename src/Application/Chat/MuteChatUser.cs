using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Chat;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Chat;

public sealed record MuteChatUserCommand(Guid AdminId, Guid RoomId, Guid UserId, DateTimeOffset Until);

/// <summary>An admin stops a user posting in a room until a time (a time in the past lifts the mute).</summary>
public sealed class MuteChatUser(IAppDbContext db)
{
    public async Task<Result<bool>> HandleAsync(MuteChatUserCommand command, CancellationToken ct)
    {
        if (!await db.ChatRooms.AnyAsync(r => r.Id == command.RoomId, ct))
        {
            return new Error(ErrorCodes.NotFound, "roomId: no chat room has this id.");
        }

        if (!await db.Users.AnyAsync(u => u.Id == command.UserId, ct))
        {
            return new Error(ErrorCodes.NotFound, "userId: no user has this id.");
        }

        var mute = await db.ChatMutes.SingleOrDefaultAsync(m => m.RoomId == command.RoomId && m.UserId == command.UserId, ct);
        if (mute is null)
        {
            db.ChatMutes.Add(ChatMute.Create(command.RoomId, command.UserId, command.Until, command.AdminId));
        }
        else
        {
            mute.Extend(command.Until, command.AdminId);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (mute is null)
        {
            return new Error(ErrorCodes.Busy, "Another admin muted this user at the same moment; try again.");
        }

        return true;
    }
}
