using Son1kVers3.Domain.Plans;

namespace Son1kVers3.Domain.Billing;

/// <summary>
/// The user's newest Stripe subscription as last applied. One per user: an older subscription
/// (replaced by a newer one) and an older state of the same subscription never override it.
/// </summary>
public sealed class BillingSubscription
{
    private BillingSubscription()
    {
        SubscriptionId = string.Empty;
    }

    public Guid UserId { get; private set; }
    public string SubscriptionId { get; private set; }
    public Tier Tier { get; private set; }
    public BillingStatus Status { get; private set; }
    public DateTimeOffset? CurrentPeriodEnd { get; private set; }
    public bool CancelAtPeriodEnd { get; private set; }
    /// <summary>When Stripe created the subscription (a newer subscription replaces an older one).</summary>
    public DateTimeOffset SubscriptionCreatedAt { get; private set; }
    /// <summary>Stripe's time of the event whose state was applied last (older ones are ignored).</summary>
    public DateTimeOffset StateObservedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public bool IsLive => Status is not (BillingStatus.Canceled or BillingStatus.Incomplete);

    public static BillingSubscription Start(Guid userId, SubscriptionState state, DateTimeOffset now)
    {
        var subscription = new BillingSubscription { UserId = userId };
        subscription.Take(state, now);
        return subscription;
    }

    /// <summary>Whether <paramref name="state"/> is newer than what was applied: a newer subscription, or a later event about the same one.</summary>
    public bool IsOlderThan(SubscriptionState state) =>
        state.SubscriptionId == SubscriptionId
            ? state.ObservedAt > StateObservedAt
            : state.Created > SubscriptionCreatedAt;

    /// <summary>Applies a newer state; false (nothing changes) for an older one.</summary>
    public bool Apply(SubscriptionState state, DateTimeOffset now)
    {
        if (!IsOlderThan(state))
        {
            return false;
        }

        Take(state, now);
        return true;
    }

    private void Take(SubscriptionState state, DateTimeOffset now)
    {
        SubscriptionId = state.SubscriptionId;
        Tier = state.PriceTier;
        Status = state.Status;
        CurrentPeriodEnd = state.CurrentPeriodEnd;
        CancelAtPeriodEnd = state.CancelAtPeriodEnd;
        SubscriptionCreatedAt = state.Created;
        StateObservedAt = state.ObservedAt;
        UpdatedAt = now;
    }
}
