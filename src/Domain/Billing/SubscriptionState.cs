using Son1kVers3.Domain.Plans;

namespace Son1kVers3.Domain.Billing;

/// <summary>
/// A subscription as the provider reports it now. <paramref name="Created"/> is when the
/// subscription was created; <paramref name="ObservedAt"/> the provider's time of the event
/// that made us look (the order in which states are applied).
/// </summary>
public sealed record SubscriptionState(
    string SubscriptionId,
    Tier PriceTier,
    BillingStatus Status,
    DateTimeOffset Created,
    DateTimeOffset ObservedAt,
    DateTimeOffset? CurrentPeriodEnd,
    bool CancelAtPeriodEnd)
{
    /// <summary>
    /// The tier rule: a paying status (ACTIVE, TRIALING, PAST_DUE) grants the price's tier;
    /// UNPAID or CANCELED fall back to FREE; INCOMPLETE (first payment pending) changes nothing.
    /// </summary>
    public Tier? GrantedTier => Status switch
    {
        BillingStatus.Active or BillingStatus.Trialing or BillingStatus.PastDue => PriceTier,
        BillingStatus.Unpaid or BillingStatus.Canceled => Tier.Free,
        _ => null,
    };
}
