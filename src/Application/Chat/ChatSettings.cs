using Son1kVers3.Application.Common;

namespace Son1kVers3.Application.Chat;

/// <summary>Per-user posting limits, shared by every instance.</summary>
public sealed record ChatSettings(int MessagesPer10Seconds, int MessagesPerHour)
{
    public static ChatSettings Read(SettingsReader settings) => new(
        settings.Int("CHAT_MESSAGES_PER_10_SECONDS", 10, min: 1),
        settings.Int("CHAT_MESSAGES_PER_HOUR", 300, min: 1));
}
