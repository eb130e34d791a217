using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Chat;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Chat;

public sealed record SendChatMessageCommand(Guid UserId, Guid RoomId, string Text, string? ClientMessageId);

/// <summary>
/// Posts a message: checked text, a room that is open, an author who is not muted and within the
/// rate limits. A retry with the same clientMessageId returns the first message and posts nothing.
/// </summary>
public sealed class SendChatMessage(IAppDbContext db, IChatMessageLog log, IRateLimiter limiter, ChatSettings settings, ChatEvents events, TimeProvider clock)
{
    public async Task<Result<ChatMessage>> HandleAsync(SendChatMessageCommand command, CancellationToken ct)
    {
        var text = ChatRules.CheckText(command.Text);
        if (!text.IsSuccess)
        {
            return text.Error!;
        }

        var clientMessageId = ChatRules.CheckClientMessageId(command.ClientMessageId);
        if (!clientMessageId.IsSuccess)
        {
            return clientMessageId.Error!;
        }

        if (clientMessageId.Value is { } key
            && await db.ChatMessages.AsNoTracking().SingleOrDefaultAsync(m => m.AuthorId == command.UserId && m.ClientMessageId == key, ct) is { } earlier)
        {
            return earlier;
        }

        var now = clock.GetUtcNow();
        var mute = await db.ChatMutes.AsNoTracking().SingleOrDefaultAsync(m => m.RoomId == command.RoomId && m.UserId == command.UserId, ct);
        if (mute is not null && mute.IsActive(now))
        {
            return new Error(ErrorCodes.Muted, $"You are muted in this room until {mute.Until.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}.") { Until = mute.Until };
        }

        if (await CheckRateAsync(command.UserId, ct) is { } limited)
        {
            return limited;
        }

        var append = await log.AppendAsync(command.RoomId, command.UserId, text.Value, clientMessageId.Value, now, ct);
        switch (append.Outcome)
        {
            case ChatAppendOutcome.RoomNotFound:
                return new Error(ErrorCodes.NotFound, "roomId: no chat room has this id.");
            case ChatAppendOutcome.RoomArchived:
                return new Error(ErrorCodes.RoomArchived, "This room is archived: it is read-only.");
            case ChatAppendOutcome.Created:
                await events.PublishAsync(ChatEvent.Added, append.Message!, ct);
                break;
        }

        return append.Message!;
    }

    private async Task<Error?> CheckRateAsync(Guid userId, CancellationToken ct)
    {
        foreach (var (limit, window, name) in new[] { (settings.MessagesPer10Seconds, TimeSpan.FromSeconds(10), "10 seconds"), (settings.MessagesPerHour, TimeSpan.FromHours(1), "hour") })
        {
            var decision = await limiter.HitAsync($"chat:{name}:{userId:N}", 1, limit, window, ct);
            if (!decision.Allowed)
            {
                var seconds = Math.Max(1, (int)Math.Ceiling(decision.RetryAfter.TotalSeconds));
                return new Error(ErrorCodes.RateLimited, $"At most {limit} messages per {name}. Try again in {seconds} s.") { RetryAfterSeconds = seconds };
            }
        }

        return null;
    }
}
