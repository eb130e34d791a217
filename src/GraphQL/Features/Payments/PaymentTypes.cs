using GraphQL.Types;
using Son1kVers3.Application.Payments;
using Son1kVers3.Domain.Plans;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Features.Accounts;
using Son1kVers3.GraphQL.Features.Plans;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.Payments;

public sealed record CreateCheckoutSessionInput(Tier Tier, string SuccessUrl, string CancelUrl);

public sealed class CreateCheckoutSessionInputType : InputObjectGraphType<CreateCheckoutSessionInput>
{
    public CreateCheckoutSessionInputType()
    {
        Name = "CreateCheckoutSessionInput";
        Field<NonNullGraphType<TierType>>("tier").Description("PRO or PREMIUM.");
        Field<NonNullGraphType<StringGraphType>>("successUrl").Description("Where Stripe sends the user after paying; on CORS_ORIGIN or PUBLIC_URL.");
        Field<NonNullGraphType<StringGraphType>>("cancelUrl").Description("Where Stripe sends the user who gives up; on CORS_ORIGIN or PUBLIC_URL.");
    }
}

public sealed class CreateCheckoutSessionPayloadType : ObjectGraphType<Payload<Uri>>
{
    public CreateCheckoutSessionPayloadType()
    {
        Name = "CreateCheckoutSessionPayload";
        Field<StringGraphType>("url").Description("Stripe Checkout's page: send the browser there.").Resolve(c => c.Source.Value?.ToString());
        this.AddErrorsField();
    }
}

public sealed record CreateBillingPortalSessionInput(string ReturnUrl);

public sealed class CreateBillingPortalSessionInputType : InputObjectGraphType<CreateBillingPortalSessionInput>
{
    public CreateBillingPortalSessionInputType()
    {
        Name = "CreateBillingPortalSessionInput";
        Field<NonNullGraphType<StringGraphType>>("returnUrl").Description("Where the portal's back link goes; on CORS_ORIGIN or PUBLIC_URL.");
    }
}

public sealed class CreateBillingPortalSessionPayloadType : ObjectGraphType<Payload<Uri>>
{
    public CreateBillingPortalSessionPayloadType()
    {
        Name = "CreateBillingPortalSessionPayload";
        Field<StringGraphType>("url").Description("Stripe's billing portal: change plan or card, or cancel.").Resolve(c => c.Source.Value?.ToString());
        this.AddErrorsField();
    }
}

/// <summary>Billing fields on other features' types: User.subscription and Overview.activeSubscriptions.</summary>
public static class PaymentTypeExtensions
{
    /// <summary>User.subscription: null when the user never subscribed.</summary>
    public static void AddSubscriptionField(this ObjectGraphType<Domain.Accounts.User> user) =>
        user.Field<BillingSubscriptionType>("subscription")
            .Description("The Stripe subscription, null when the user never subscribed.")
            .ResolveAsync(async c => await c.MaySeePrivateAsync() ? await c.Service<BillingQueries>().SubscriptionOfAsync(c.Source.Id, c.CancellationToken) : null);

    /// <summary>Overview.activeSubscriptions.</summary>
    public static void AddActiveSubscriptionsField(this ObjectGraphType<object> overview) =>
        overview.Field<NonNullGraphType<IntGraphType>>("activeSubscriptions")
            .Description("Users whose subscription is ACTIVE, TRIALING or PAST_DUE.")
            .ResolveAsync(async c => await c.Service<BillingQueries>().ActiveCountAsync(c.CancellationToken));
}
