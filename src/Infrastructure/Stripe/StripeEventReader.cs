using System.Text.Json;
using Son1kVers3.Application.Payments;

namespace Son1kVers3.Infrastructure.Stripe;

/// <summary>
/// Reads only the ids an event needs, whatever its API version: the subscription is then fetched
/// from the API in its current state, so the payload's shape (which changes between versions) does not matter.
/// </summary>
internal static class StripeEventReader
{
    public static PaymentEvent? Read(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || Text(root, "id") is not { } id || Text(root, "type") is not { } type
                || !root.TryGetProperty("created", out var created) || !created.TryGetInt64(out var createdSeconds)
                || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
                || !data.TryGetProperty("object", out var obj) || obj.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return new PaymentEvent(id, type, DateTimeOffset.FromUnixTimeSeconds(createdSeconds), SubscriptionIdOf(type, obj));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? SubscriptionIdOf(string type, JsonElement obj) => type switch
    {
        _ when type.StartsWith("customer.subscription.", StringComparison.Ordinal) => Text(obj, "id"),
        "checkout.session.completed" => IdOrExpanded(obj, "subscription"),
        // Invoices: parent.subscription_details.subscription since 2025-03-31.basil, a top-level subscription before.
        _ when type.StartsWith("invoice.", StringComparison.Ordinal) =>
            (obj.TryGetProperty("parent", out var parent) && parent.ValueKind == JsonValueKind.Object
                && parent.TryGetProperty("subscription_details", out var details) && details.ValueKind == JsonValueKind.Object
                ? IdOrExpanded(details, "subscription") : null)
            ?? IdOrExpanded(obj, "subscription"),
        _ => null,
    };

    private static string? IdOrExpanded(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Object => Text(value, "id"),
                _ => null,
            }
            : null;

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}
