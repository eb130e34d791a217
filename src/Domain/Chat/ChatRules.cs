using Son1kVers3.Domain.Common;

namespace Son1kVers3.Domain.Chat;

/// <summary>What a message and a room name may contain.</summary>
public static class ChatRules
{
    public const int MaxMessageLength = 2000;
    public const int MaxClientMessageIdLength = 100;

    /// <summary>The text trimmed, 1–2000 characters, no control characters but newline and tab, valid UTF-16.</summary>
    public static Result<string> CheckText(string text, string field = "text")
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return Error.Validation(field, "must not be empty.");
        }

        if (trimmed.Length > MaxMessageLength)
        {
            return Error.Validation(field, $"must be at most {MaxMessageLength} characters (was {trimmed.Length}).");
        }

        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = trimmed[i];
            if (char.IsControl(c) && c is not '\n' and not '\t')
            {
                return Error.Validation(field, $"must not contain control characters (U+{(int)c:X4} at {i}); only newline and tab are allowed.");
            }

            if (char.IsHighSurrogate(c) && i + 1 < trimmed.Length && char.IsLowSurrogate(trimmed[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return Error.Validation(field, $"is not valid Unicode (a lone surrogate at {i}).");
            }
        }

        return trimmed;
    }

    public static Result<string> CheckRoomName(string name)
    {
        var trimmed = name.Trim();
        if (trimmed.Length is 0 or > ChatRoom.MaxNameLength || trimmed.Any(char.IsControl))
        {
            return Error.Validation("name", $"must be 1–{ChatRoom.MaxNameLength} characters without control characters.");
        }

        return trimmed;
    }

    public static Result<string?> CheckClientMessageId(string? id) =>
        id is { Length: 0 or > MaxClientMessageIdLength }
            ? Error.Validation("clientMessageId", $"must be 1–{MaxClientMessageIdLength} characters when given.")
            : id;
}
