using GraphQL.Types;
using Son1kVers3.GraphQL.Features.Errors;
using Son1kVers3.GraphQL.Features.Plans;

namespace Son1kVers3.GraphQL.Features.Payments;

public sealed class CreateCheckoutSessionInputType : InputObjectGraphType
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

public sealed class CreateBillingPortalSessionInputType : InputObjectGraphType
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
