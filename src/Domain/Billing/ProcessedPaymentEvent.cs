namespace Son1kVers3.Domain.Billing;

/// <summary>A payment provider's event that has had its effect; recorded in the same transaction as that effect.</summary>
public sealed class ProcessedPaymentEvent
{
    private ProcessedPaymentEvent()
    {
        EventId = string.Empty;
        Type = string.Empty;
    }

    public string EventId { get; private set; }
    public string Type { get; private set; }
    public DateTimeOffset ProcessedAt { get; private set; }

    public static ProcessedPaymentEvent Record(string eventId, string type, DateTimeOffset now) =>
        new() { EventId = eventId, Type = type, ProcessedAt = now };
}
