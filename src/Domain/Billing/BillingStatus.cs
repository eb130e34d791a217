namespace Son1kVers3.Domain.Billing;

/// <summary>A Stripe subscription's status as the product shows it (DOMAIN.md §6).</summary>
public enum BillingStatus
{
    Active,
    Trialing,
    PastDue,
    Unpaid,
    Canceled,
    Incomplete,
}
