using Son1kVers3.Domain.Billing;
using Son1kVers3.Domain.Plans;

namespace Son1kVers3.Domain.Tests.Billing;

public class BillingSubscriptionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static SubscriptionState State(string id, Tier tier, BillingStatus status, DateTimeOffset created, DateTimeOffset observed) =>
        new(id, tier, status, created, observed, created.AddDays(30), false);

    [Theory]
    [InlineData(BillingStatus.Active, Tier.Premium)]
    [InlineData(BillingStatus.Trialing, Tier.Premium)]
    [InlineData(BillingStatus.PastDue, Tier.Premium)]
    [InlineData(BillingStatus.Unpaid, Tier.Free)]
    [InlineData(BillingStatus.Canceled, Tier.Free)]
    [InlineData(BillingStatus.Incomplete, null)]
    public void GrantedTier_FollowsTheTierRule(BillingStatus status, Tier? expected) =>
        Assert.Equal(expected, State("sub_1", Tier.Premium, status, T0, T0).GrantedTier);

    [Fact]
    public void Apply_ALaterEventAboutTheSameSubscription_TakesItsState()
    {
        var subscription = BillingSubscription.Start(Guid.NewGuid(), State("sub_1", Tier.Pro, BillingStatus.Active, T0, T0.AddMinutes(1)), T0);

        Assert.True(subscription.Apply(State("sub_1", Tier.Premium, BillingStatus.Active, T0, T0.AddMinutes(2)), T0));
        Assert.Equal(Tier.Premium, subscription.Tier);
    }

    [Fact]
    public void Apply_AnOlderOrEqualEvent_ChangesNothing()
    {
        var subscription = BillingSubscription.Start(Guid.NewGuid(), State("sub_1", Tier.Premium, BillingStatus.Active, T0, T0.AddMinutes(2)), T0);

        Assert.False(subscription.Apply(State("sub_1", Tier.Pro, BillingStatus.Active, T0, T0.AddMinutes(1)), T0));
        Assert.False(subscription.Apply(State("sub_1", Tier.Pro, BillingStatus.Active, T0, T0.AddMinutes(2)), T0));
        Assert.Equal(Tier.Premium, subscription.Tier);
    }

    [Fact]
    public void Apply_AReplacedSubscription_ChangesNothing_EvenWithALaterEvent()
    {
        var subscription = BillingSubscription.Start(Guid.NewGuid(), State("sub_new", Tier.Premium, BillingStatus.Active, T0.AddDays(1), T0.AddDays(1)), T0);

        Assert.False(subscription.Apply(State("sub_old", Tier.Pro, BillingStatus.Canceled, T0, T0.AddDays(2)), T0));
        Assert.Equal(("sub_new", BillingStatus.Active), (subscription.SubscriptionId, subscription.Status));
    }

    [Fact]
    public void Apply_ANewerSubscription_ReplacesTheOldOne()
    {
        var subscription = BillingSubscription.Start(Guid.NewGuid(), State("sub_old", Tier.Pro, BillingStatus.Canceled, T0, T0.AddDays(2)), T0);

        Assert.True(subscription.Apply(State("sub_new", Tier.Premium, BillingStatus.Active, T0.AddDays(1), T0.AddDays(1)), T0));
        Assert.Equal(("sub_new", Tier.Premium, true), (subscription.SubscriptionId, subscription.Tier, subscription.IsLive));
    }
}
