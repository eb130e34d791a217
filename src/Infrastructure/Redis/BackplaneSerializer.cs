using System.Text.Json;
using Son1kVers3.Application.Abstractions;

namespace Son1kVers3.Infrastructure.Redis;

/// <summary>The one wire format of backplane events: the event record as UTF-8 JSON.</summary>
internal static class BackplaneSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static byte[] Serialize(IBackplaneEvent message) => JsonSerializer.SerializeToUtf8Bytes(message, message.GetType(), Options);

    /// <summary>The event, or null when the bytes are not one of <paramref name="type"/>.</summary>
    public static object? Deserialize(ReadOnlySpan<byte> utf8, Type type)
    {
        try
        {
            return JsonSerializer.Deserialize(utf8, type, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
