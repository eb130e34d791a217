namespace Son1kVers3.Domain.Common;

/// <summary>An expected failure: a stable SCREAMING_CASE code and a message a person can act on.</summary>
public sealed record Error(string Code, string Message)
{
    /// <summary>For RATE_LIMITED: whole seconds until a retry may succeed.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>For QUOTA_EXCEEDED, MODEL_QUOTA_EXCEEDED, ALLOCATION_EXHAUSTED and POOL_EXHAUSTED: when it resets (null: never, e.g. a lifetime quota).</summary>
    public DateTimeOffset? ResetsAt { get; init; }

    /// <summary>For MUTED: when the mute ends.</summary>
    public DateTimeOffset? Until { get; init; }

    public static Error Validation(string field, string message) => new(ErrorCodes.Validation, $"{field}: {message}");
}
