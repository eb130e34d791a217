using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Payments;

public sealed record CreateBillingPortalSessionCommand(Guid UserId, string ReturnUrl);

/// <summary>The provider's billing portal, where a subscriber changes plan, card, or cancels.</summary>
public sealed class CreateBillingPortalSession(IAppDbContext db, PaymentSettings settings, PaymentCustomers customers, IPaymentGateway gateway)
{
    public async Task<Result<Uri>> HandleAsync(CreateBillingPortalSessionCommand command, CancellationToken cancellationToken)
    {
        if (!settings.Enabled)
        {
            return new Error(ErrorCodes.PaymentsUnavailable, "Payments are not available on this server right now.");
        }

        var returnUrl = settings.RedirectUrl("returnUrl", command.ReturnUrl);
        if (!returnUrl.IsSuccess)
        {
            return returnUrl.Error!;
        }

        // A checkout that was never paid leaves a customer but no subscription: nothing to manage yet.
        var subscribed = await db.BillingSubscriptions.AnyAsync(s => s.UserId == command.UserId, cancellationToken);
        if (!subscribed || await customers.FindAsync(command.UserId, cancellationToken) is not { } customer)
        {
            return new Error(ErrorCodes.NoSubscription, "You have no subscription yet: subscribe first (createCheckoutSession).");
        }

        try
        {
            return await gateway.CreatePortalAsync(customer.CustomerId, returnUrl.Value, cancellationToken);
        }
        catch (PaymentProviderException ex)
        {
            return new Error(ErrorCodes.PaymentProviderError, ex.Message);
        }
    }
}
