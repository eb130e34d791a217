using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Plans;

namespace Son1kVers3.Application.Payments;

public sealed record CreateCheckoutSessionCommand(Guid UserId, Tier Tier, string SuccessUrl, string CancelUrl);

/// <summary>A hosted checkout page that subscribes the user to PRO or PREMIUM (DOMAIN.md §6).</summary>
public sealed class CreateCheckoutSession(IAppDbContext db, PaymentSettings settings, PaymentCustomers customers, IPaymentGateway gateway)
{
    public async Task<Result<Uri>> HandleAsync(CreateCheckoutSessionCommand command, CancellationToken cancellationToken)
    {
        if (!settings.Enabled)
        {
            return new Error(ErrorCodes.PaymentsUnavailable, "Payments are not available on this server right now.");
        }

        if (!settings.Prices.TryGetValue(command.Tier, out var priceId))
        {
            return Error.Validation("tier", "must be PRO or PREMIUM (ENTERPRISE is arranged with us).");
        }

        var success = settings.RedirectUrl("successUrl", command.SuccessUrl);
        if (!success.IsSuccess)
        {
            return success.Error!;
        }

        var cancel = settings.RedirectUrl("cancelUrl", command.CancelUrl);
        if (!cancel.IsSuccess)
        {
            return cancel.Error!;
        }

        var subscription = await db.BillingSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.UserId == command.UserId, cancellationToken);
        if (subscription?.IsLive == true)
        {
            return new Error(ErrorCodes.AlreadySubscribed, "You already have a subscription: change or cancel it in the billing portal (createBillingPortalSession).");
        }

        var user = await db.Users.SingleAsync(u => u.Id == command.UserId, cancellationToken);
        try
        {
            var customer = await customers.GetOrCreateAsync(user, cancellationToken);
            var request = new CheckoutRequest(user.Id, customer.CustomerId, priceId, success.Value, cancel.Value, $"checkout-{user.Id:N}-{Guid.NewGuid():N}");
            return await gateway.CreateCheckoutAsync(request, cancellationToken);
        }
        catch (PaymentProviderException ex)
        {
            return new Error(ErrorCodes.PaymentProviderError, ex.Message);
        }
    }
}
