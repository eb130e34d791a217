using Son1kVers3.Domain.Generations;

namespace Son1kVers3.Domain.TokenPool;

/// <summary>One generation's claim on the plan quota, the user's allocation and one pool token.</summary>
public sealed class TokenReservation
{
    private TokenReservation()
    {
    }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public DateOnly Day { get; private set; }
    public MusicModel Model { get; private set; }
    public Bucket Bucket { get; private set; }
    public ReservationState State { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? SettledAt { get; private set; }
}

/// <summary>One row of the ledger: who moved which token of which bucket, when and why.</summary>
public sealed class TokenMovement
{
    private TokenMovement()
    {
        Reason = string.Empty;
    }

    public long Id { get; private set; }
    public Guid ReservationId { get; private set; }
    public Guid UserId { get; private set; }
    public DateOnly Day { get; private set; }
    public Bucket Bucket { get; private set; }
    public MovementKind Kind { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string Reason { get; private set; }
}
