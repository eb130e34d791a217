using GraphQL.Types;
using Son1kVers3.Domain.Billing;

namespace Son1kVers3.GraphQL.Features.Payments;

public sealed class BillingStatusType : EnumerationGraphType<BillingStatus>
{
    public BillingStatusType() => Name = "BillingStatus";
}
