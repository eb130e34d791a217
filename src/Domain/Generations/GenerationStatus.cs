namespace Son1kVers3.Domain.Generations;

/// <summary>PENDING → QUEUED → GENERATING (text ready) → STREAMING (a stream URL exists) → COMPLETED, or FAILED / CANCELLED.</summary>
public enum GenerationStatus
{
    Pending,
    Queued,
    Generating,
    Streaming,
    Completed,
    Failed,
    Cancelled,
}

public static class GenerationStatusOrder
{
    /// <summary>How far along a status is; a generation only ever moves to a higher rank.</summary>
    public static int Rank(this GenerationStatus status) => status switch
    {
        GenerationStatus.Pending => 0,
        GenerationStatus.Queued => 1,
        GenerationStatus.Generating => 2,
        GenerationStatus.Streaming => 3,
        _ => 4,
    };

    public static bool IsTerminal(this GenerationStatus status) => status.Rank() == 4;
}
