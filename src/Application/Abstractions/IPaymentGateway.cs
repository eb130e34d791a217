using Son1kVers3.Domain.Billing;

namespace Son1kVers3.Application.Abstractions;

/// <summary>
/// The payment provider (Stripe): customers, hosted checkout and billing portal pages, and the
/// current state of a subscription. Failures throw <see cref="PaymentProviderException"/>.
/// </summary>
public interface IPaymentGateway
{
    /// <summary>Creates the user's customer (the key makes a retry return the same one).</summary>
    Task<string> CreateCustomerAsync(Guid userId, string email, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>A subscription-mode checkout page for one price; returns its URL.</summary>
    Task<Uri> CreateCheckoutAsync(CheckoutRequest request, CancellationToken cancellationToken);

    /// <summary>The billing portal page of a customer; returns its URL.</summary>
    Task<Uri> CreatePortalAsync(string customerId, Uri returnUrl, CancellationToken cancellationToken);

    /// <summary>The subscription as the provider holds it now; null when it does not exist.</summary>
    Task<ProviderSubscription?> GetSubscriptionAsync(string subscriptionId, CancellationToken cancellationToken);

    /// <summary>Cancels the subscription now (no further charges). Idempotent: an already cancelled or unknown subscription is fine.</summary>
    Task CancelSubscriptionAsync(string subscriptionId, CancellationToken cancellationToken);
}

public sealed record CheckoutRequest(Guid UserId, string CustomerId, string PriceId, Uri SuccessUrl, Uri CancelUrl, string IdempotencyKey);

public sealed record ProviderSubscription(
    string Id,
    string CustomerId,
    BillingStatus Status,
    string? PriceId,
    DateTimeOffset Created,
    DateTimeOffset? CurrentPeriodEnd,
    bool CancelAtPeriodEnd);

/// <summary>The provider refused or could not be reached; the message is one a user can act on (no secrets, no internals).</summary>
public sealed class PaymentProviderException(string message, Exception? innerException = null) : Exception(message, innerException)
{
    /// <summary>True when trying again later may work (network, 5xx, rate limit).</summary>
    public bool Transient { get; init; }
}
