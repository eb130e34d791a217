namespace Son1kVers3.Domain.TokenPool;

/// <summary>A reservation holds a plan quota, an allocation slot and a pool token together.</summary>
public enum ReservationState
{
    Reserved,
    Committed,
    Released,
}

/// <summary>The kinds of ledger movement; the pool's figures are the sum of them.</summary>
public enum MovementKind
{
    Reserve,
    Commit,
    Release,
}
