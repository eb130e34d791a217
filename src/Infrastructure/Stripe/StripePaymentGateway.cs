using System.Net;
using Microsoft.Extensions.Logging;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Billing;
using Stripe;
using Stripe.Checkout;

namespace Son1kVers3.Infrastructure.Stripe;

/// <summary>The payment port on Stripe.net, against STRIPE_API_BASE (Stripe, or a fake in tests and local development).</summary>
internal sealed class StripePaymentGateway(IStripeClient stripe, ILogger<StripePaymentGateway> logger) : IPaymentGateway
{
    public Task<string> CreateCustomerAsync(Guid userId, string email, string idempotencyKey, CancellationToken cancellationToken) =>
        CallAsync("create a customer", async () =>
        {
            var options = new CustomerCreateOptions { Email = email, Metadata = new Dictionary<string, string> { ["userId"] = userId.ToString() } };
            var customer = await new CustomerService(stripe).CreateAsync(options, new RequestOptions { IdempotencyKey = idempotencyKey }, cancellationToken);
            return customer.Id;
        });

    public Task<Uri> CreateCheckoutAsync(CheckoutRequest request, CancellationToken cancellationToken) =>
        CallAsync("open a checkout", async () =>
        {
            var userId = request.UserId.ToString();
            var options = new SessionCreateOptions
            {
                Mode = "subscription",
                Customer = request.CustomerId,
                ClientReferenceId = userId,
                LineItems = [new SessionLineItemOptions { Price = request.PriceId, Quantity = 1 }],
                SuccessUrl = request.SuccessUrl.ToString(),
                CancelUrl = request.CancelUrl.ToString(),
                SubscriptionData = new SessionSubscriptionDataOptions { Metadata = new Dictionary<string, string> { ["userId"] = userId } },
            };
            var session = await new SessionService(stripe).CreateAsync(options, new RequestOptions { IdempotencyKey = request.IdempotencyKey }, cancellationToken);
            return new Uri(session.Url);
        });

    public Task<Uri> CreatePortalAsync(string customerId, Uri returnUrl, CancellationToken cancellationToken) =>
        CallAsync("open the billing portal", async () =>
        {
            var options = new global::Stripe.BillingPortal.SessionCreateOptions { Customer = customerId, ReturnUrl = returnUrl.ToString() };
            var session = await new global::Stripe.BillingPortal.SessionService(stripe).CreateAsync(options, cancellationToken: cancellationToken);
            return new Uri(session.Url);
        });

    public async Task<ProviderSubscription?> GetSubscriptionAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        try
        {
            return await CallAsync("read a subscription", async () =>
            {
                var subscription = await new SubscriptionService(stripe).GetAsync(subscriptionId, cancellationToken: cancellationToken);
                var item = subscription.Items?.Data?.FirstOrDefault();
                return new ProviderSubscription(
                    subscription.Id, subscription.CustomerId, StatusOf(subscription.Status), item?.Price?.Id,
                    Utc(subscription.Created),
                    item is null || item.CurrentPeriodEnd == default ? null : Utc(item.CurrentPeriodEnd),
                    subscription.CancelAtPeriodEnd);
            });
        }
        catch (PaymentProviderException ex) when (ex.InnerException is StripeException { HttpStatusCode: HttpStatusCode.NotFound })
        {
            return null;
        }
    }

    public async Task CancelSubscriptionAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync("cancel a subscription", async () =>
                await new SubscriptionService(stripe).CancelAsync(subscriptionId, cancellationToken: cancellationToken));
        }
        catch (PaymentProviderException ex) when (ex.InnerException is StripeException { HttpStatusCode: HttpStatusCode.NotFound })
        {
            // Stripe answers "No such subscription" for one that is cancelled already: the outcome wanted.
        }
    }

    private static DateTimeOffset Utc(DateTime instant) => new(DateTime.SpecifyKind(instant, DateTimeKind.Utc));

    /// <summary>Stripe's statuses as the product shows them: incomplete_expired is over (CANCELED), paused is not paying (UNPAID).</summary>
    internal static BillingStatus StatusOf(string status) => status switch
    {
        "active" => BillingStatus.Active,
        "trialing" => BillingStatus.Trialing,
        "past_due" => BillingStatus.PastDue,
        "unpaid" or "paused" => BillingStatus.Unpaid,
        "canceled" or "incomplete_expired" => BillingStatus.Canceled,
        _ => BillingStatus.Incomplete,
    };

    /// <summary>
    /// Turns Stripe's failures into a message a user can act on. Logged with Stripe's error type,
    /// code and request id only: never the key, never a card detail.
    /// </summary>
    private async Task<T> CallAsync<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (StripeException ex)
        {
            var error = ex.StripeError;
            logger.LogWarning("Stripe refused to {What}: HTTP {Status}, {Type}/{Code}, request {RequestId}",
                what, (int)ex.HttpStatusCode, error?.Type, error?.Code, ex.StripeResponse?.RequestId);
            var transient = (int)ex.HttpStatusCode is 0 or 429 or >= 500;
            var message = error?.Type switch
            {
                "card_error" => $"Your card was declined: {error.Message}",
                _ when transient => "The payment provider is not answering right now; please try again in a minute.",
                _ => "The payment provider refused the request; please try again or contact support.",
            };
            throw new PaymentProviderException(message, ex) { Transient = transient };
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning("Stripe unreachable to {What}: {Reason}", what, ex.Message);
            throw new PaymentProviderException("The payment provider is not answering right now; please try again in a minute.", ex) { Transient = true };
        }
        catch (TaskCanceledException ex) when (ex.InnerException is TimeoutException)
        {
            logger.LogWarning("Stripe timed out to {What}", what);
            throw new PaymentProviderException("The payment provider is not answering right now; please try again in a minute.", ex) { Transient = true };
        }
    }
}
