using GraphQL.Types;
using Son1kVers3.Application.Payments;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.Payments;

public static class PaymentMutations
{
    public static void AddPaymentMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CreateCheckoutSessionPayloadType>>("createCheckoutSession")
            .Description("A Stripe Checkout page subscribing the signed-in user to PRO or PREMIUM; the tier changes when Stripe confirms the payment.")
            .Argument<NonNullGraphType<CreateCheckoutSessionInputType>>("input")
            .RequireSignIn()
            .ResolveAsync(async c =>
            {
                var input = c.Input<CreateCheckoutSessionInput>();
                var user = await c.SignedInUserAsync();
                if (c.Service<Application.Email.EmailSettings>().VerificationGate(user) is { } unverified)
                {
                    return Payload<Uri>.Failed(unverified);
                }

                var command = new CreateCheckoutSessionCommand(user.Id, input.Tier, input.SuccessUrl, input.CancelUrl);
                return Payload<Uri>.From(await c.Service<CreateCheckoutSession>().HandleAsync(command, c.CancellationToken));
            });

        mutation.Field<NonNullGraphType<CreateBillingPortalSessionPayloadType>>("createBillingPortalSession")
            .Description("Stripe's billing portal for the signed-in subscriber (change plan, card, or cancel).")
            .Argument<NonNullGraphType<CreateBillingPortalSessionInputType>>("input")
            .RequireSignIn()
            .ResolveAsync(async c =>
            {
                var user = await c.SignedInUserAsync();
                var command = new CreateBillingPortalSessionCommand(user.Id, c.Input<CreateBillingPortalSessionInput>().ReturnUrl);
                return Payload<Uri>.From(await c.Service<CreateBillingPortalSession>().HandleAsync(command, c.CancellationToken));
            });
    }
}
