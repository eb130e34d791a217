using System.Globalization;
using GraphQL;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.GraphQL.Features.Chat;

/// <summary>A message's cursor is its room sequence number, in decimal.</summary>
public static class ChatCursor
{
    public static string Encode(long seq) => seq.ToString(CultureInfo.InvariantCulture);

    /// <summary>The sequence number, null for no cursor; BAD_USER_INPUT naming the argument for a malformed one.</summary>
    public static long? Decode(string? cursor, string argument) =>
        cursor is null ? null
        : long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var seq) ? seq
        : throw new ExecutionError($"{argument}: not a chat message cursor.") { Code = ErrorCodes.BadUserInput };
}
