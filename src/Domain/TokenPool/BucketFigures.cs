namespace Son1kVers3.Domain.TokenPool;

/// <summary>One bucket of one day's pool. Reserved tokens are in flight; used ones are committed.</summary>
public sealed record BucketFigures(int Base, int Contributed, int Reserved, int Used)
{
    public int Capacity => Base + Contributed;
    public int Remaining => Math.Max(0, Capacity - Reserved - Used);
}
