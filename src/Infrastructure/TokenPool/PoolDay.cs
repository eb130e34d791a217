namespace Son1kVers3.Infrastructure.TokenPool;

/// <summary>
/// The running figures of one day's pool, kept in step with the ledger inside the same
/// transactions (and checked against it by tests). Bases are fixed when the day's row is created.
/// </summary>
internal sealed class PoolDay
{
    public DateOnly Day { get; set; }
    public int FreeBase { get; set; }
    public int PaidBase { get; set; }
    public int UniqueClients { get; set; }
    public int FreeReserved { get; set; }
    public int FreeUsed { get; set; }
    public int PaidReserved { get; set; }
    public int PaidUsed { get; set; }
}
