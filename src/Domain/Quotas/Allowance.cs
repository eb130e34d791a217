namespace Son1kVers3.Domain.Quotas;

/// <summary>How much of one limit is used. A null limit means unlimited; ResetsAt is null for lifetime limits.</summary>
public sealed record Allowance(int Used, int? Limit, DateTimeOffset? ResetsAt)
{
    public int? Remaining => Limit is { } limit ? Math.Max(0, limit - Used) : null;
    public bool IsExhausted => Remaining == 0;

    public static Allowance Unlimited(int used) => new(used, null, null);
}
