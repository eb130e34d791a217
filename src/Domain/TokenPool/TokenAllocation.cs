namespace Son1kVers3.Domain.TokenPool;

/// <summary>The most a user of a tier may draw from the shared pool per day, split by bucket share.</summary>
public sealed record TokenAllocation(int FreeShare, int PaidShare)
{
    public int Total => FreeShare + PaidShare;
}
