using GraphQL.Types;
using Son1kVers3.Application.Payments;
using Son1kVers3.Domain.Plans;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Features.Accounts;
using Son1kVers3.GraphQL.Features.Errors;

namespace Son1kVers3.GraphQL.Features.Payments;

public static class PaymentFields
{
    public static void AddPaymentMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CreateCheckoutSessionPayloadType>>("createCheckoutSession")
            .Description("A Stripe Checkout page subscribing the signed-in user to PRO or PREMIUM; the tier changes when Stripe confirms the payment.")
            .Argument<NonNullGraphType<CreateCheckoutSessionInputType>>("input")
            .RequireSignIn()
            .ResolveAsync(async c =>
            {
                var input = c.Input();
                var user = await c.SignedInUserAsync();
                if (c.Service<Application.Email.EmailSettings>().VerificationGate(user) is { } unverified)
                {
                    return new Payload<Uri>(null, [unverified]);
                }

                var command = new CreateCheckoutSessionCommand(user.Id, (Tier)input["tier"]!, (string)input["successUrl"]!, (string)input["cancelUrl"]!);
                return Payload<Uri>.From(await c.Service<CreateCheckoutSession>().HandleAsync(command, c.CancellationToken));
            });

        mutation.Field<NonNullGraphType<CreateBillingPortalSessionPayloadType>>("createBillingPortalSession")
            .Description("Stripe's billing portal for the signed-in subscriber (change plan, card, or cancel).")
            .Argument<NonNullGraphType<CreateBillingPortalSessionInputType>>("input")
            .RequireSignIn()
            .ResolveAsync(async c =>
            {
                var user = await c.SignedInUserAsync();
                var command = new CreateBillingPortalSessionCommand(user.Id, (string)c.Input()["returnUrl"]!);
                return Payload<Uri>.From(await c.Service<CreateBillingPortalSession>().HandleAsync(command, c.CancellationToken));
            });
    }

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
