namespace Son1kVers3.Domain.Billing;

/// <summary>The one Stripe customer of a user, created at the first checkout and reused for every later one.</summary>
public sealed class BillingCustomer
{
    private BillingCustomer()
    {
        CustomerId = string.Empty;
    }

    public Guid UserId { get; private set; }
    public string CustomerId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static BillingCustomer Create(Guid userId, string customerId, DateTimeOffset now) =>
        new() { UserId = userId, CustomerId = customerId, CreatedAt = now };
}
