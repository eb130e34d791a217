using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Chat;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Chat;

public sealed record DeleteChatMessageCommand(Guid UserId, bool IsAdmin, Guid MessageId);

/// <summary>The author or an admin removes a message from the history; subscribers hear of it live.</summary>
public sealed class DeleteChatMessage(IAppDbContext db, ChatEvents events, TimeProvider clock)
{
    public async Task<Result<Guid>> HandleAsync(DeleteChatMessageCommand command, CancellationToken ct)
    {
        var message = await db.ChatMessages.SingleOrDefaultAsync(m => m.Id == command.MessageId && m.DeletedAt == null, ct);
        if (message is null)
        {
            return new Error(ErrorCodes.NotFound, "messageId: no chat message has this id.");
        }

        if (message.AuthorId != command.UserId && !command.IsAdmin)
        {
            return new Error(ErrorCodes.Forbidden, "Only the author or an admin may delete this message.");
        }

        message.Delete(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await events.PublishAsync(ChatEvent.Removed, message, ct);
        return message.Id;
    }
}
