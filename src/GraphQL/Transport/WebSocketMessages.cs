using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;
using GraphQL;

namespace Son1kVers3.GraphQL.Transport;

/// <summary>A subscribe message read: its id and request, or why it is invalid (the socket closes with 4400).</summary>
public sealed record SubscribeMessage(string? Id, GraphQLHttpRequest? Request, string? Invalid);

/// <summary>
/// Reading graphql-transport-ws messages: the JSON of one message, its type and id, a subscribe's
/// payload as a request, and the pong that answers a ping. No state: that is <see cref="WebSocketProtocolState"/>.
/// </summary>
public static class WebSocketMessages
{
    /// <summary>The message as JSON, or why it is not one (UTF-8 and JSON are required).</summary>
    public static (JsonDocument? Json, string? Invalid) Parse(ReadOnlyMemory<byte> utf8)
    {
        if (!Utf8.IsValid(utf8.Span))
        {
            return (null, "Invalid message: not UTF-8");
        }

        try
        {
            return (JsonDocument.Parse(utf8), null);
        }
        catch (JsonException)
        {
            return (null, "Invalid message: not JSON");
        }
    }

    public static string? TypeOf(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;

    public static string? Id(JsonElement root) =>
        root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } value ? value : null;

    /// <summary>The token of a connection_init payload's authorization (or Authorization) string, when there is one.</summary>
    public static string? Authorization(JsonElement root) =>
        root.TryGetProperty("payload", out var payload) && payload.ValueKind == JsonValueKind.Object
        && (payload.TryGetProperty("authorization", out var auth) || payload.TryGetProperty("Authorization", out auth))
        && auth.ValueKind == JsonValueKind.String
            ? auth.GetString()
            : null;

    /// <summary>Echoes a small ping payload; a large one is not copied back (an empty pong instead).</summary>
    public static string Pong(JsonElement ping) =>
        ping.TryGetProperty("payload", out var payload) && JsonMarshal.GetRawUtf8Value(payload).Length <= WebSocketSettings.MaxEchoedPingPayloadBytes
            ? $$"""{"type":"pong","payload":{{payload.GetRawText()}}}"""
            : """{"type":"pong"}""";

    /// <summary>A subscribe's id and payload (query, or a persisted document's documentId or extensions.persistedQuery).</summary>
    public static SubscribeMessage ReadSubscribe(JsonElement root, IGraphQLSerializer serializer)
    {
        if (Id(root) is not { } id || !root.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Object
            || (payload.TryGetProperty("query", out var query) ? query.ValueKind != JsonValueKind.String : !NamesPersistedDocument(payload)))
        {
            return new(null, null, "Invalid subscribe message: id and payload.query (or a persisted document's documentId or extensions.persistedQuery) are required");
        }

        Inputs? Read(string name) => payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? serializer.ReadNode<Inputs>(value) : null;
        var operationName = payload.TryGetProperty("operationName", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
        var documentId = payload.TryGetProperty("documentId", out var docId) && docId.ValueKind == JsonValueKind.String ? docId.GetString() : null;
        var text = query.ValueKind == JsonValueKind.String ? query.GetString()! : "";
        return new(id, new GraphQLHttpRequest(text, operationName, Read("variables"), Read("extensions"), documentId), null);
    }

    private static bool NamesPersistedDocument(JsonElement payload) =>
        payload.TryGetProperty("documentId", out var documentId) && documentId.ValueKind == JsonValueKind.String
        || payload.TryGetProperty("extensions", out var extensions) && extensions.ValueKind == JsonValueKind.Object && extensions.TryGetProperty("persistedQuery", out _);
}
