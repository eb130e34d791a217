using GraphQL.Types;
using Son1kVers3.Domain.Billing;
using Son1kVers3.GraphQL.Features.Plans;

namespace Son1kVers3.GraphQL.Features.Payments;

/// <summary>The user's Stripe subscription as last applied from Stripe's events.</summary>
public sealed class BillingSubscriptionType : ObjectGraphType<BillingSubscription>
{
    public BillingSubscriptionType()
    {
        Name = "BillingSubscription";
        Field<NonNullGraphType<TierType>>("tier").Description("The tier of the subscription's price.").Resolve(c => c.Source.Tier);
        Field<NonNullGraphType<BillingStatusType>>("status").Resolve(c => c.Source.Status);
        Field<DateTimeGraphType>("currentPeriodEnd").Description("When the paid period ends (renews or, with cancelAtPeriodEnd, stops).").Resolve(c => c.Source.CurrentPeriodEnd?.UtcDateTime);
        Field<NonNullGraphType<BooleanGraphType>>("cancelAtPeriodEnd").Resolve(c => c.Source.CancelAtPeriodEnd);
    }
}
