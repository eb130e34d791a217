using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Billing;
using Son1kVers3.Domain.Plans;

namespace Son1kVers3.Application.Payments;

/// <summary>A verified provider event: its id, type, the provider's time of it, and the subscription it is about.</summary>
public sealed record PaymentEvent(string Id, string Type, DateTimeOffset Created, string? SubscriptionId);

public enum PaymentEventOutcome
{
    Applied,
    Duplicate,
    Stale,
    Ignored,
}

/// <summary>
/// Moves the user's tier where the provider says it is (DOMAIN.md §6): exactly once per event
/// (its id is recorded in the same transaction as its effect) and in order (the subscription is
/// read from the provider now; an older state, or a replaced subscription, never overrides a newer one).
/// </summary>
public sealed class ApplyPaymentEvent(IAppDbContext db, IPaymentGateway gateway, PaymentSettings settings, TimeProvider clock, ILogger<ApplyPaymentEvent> logger)
{
    public static readonly IReadOnlySet<string> HandledTypes = new HashSet<string>
    {
        "checkout.session.completed", "customer.subscription.created", "customer.subscription.updated",
        "customer.subscription.deleted", "invoice.paid", "invoice.payment_failed",
    };

    private const int Attempts = 3;

    /// <exception cref="PaymentProviderException">The subscription could not be read: answer so that the provider retries.</exception>
    public async Task<PaymentEventOutcome> HandleAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken)
    {
        if (!HandledTypes.Contains(paymentEvent.Type))
        {
            return PaymentEventOutcome.Ignored;
        }

        if (paymentEvent.SubscriptionId is null)
        {
            logger.LogInformation("Payment event {EventId} ({Type}) concerns no subscription; ignored", paymentEvent.Id, paymentEvent.Type);
            return PaymentEventOutcome.Ignored;
        }

        if (await IsRecordedAsync(paymentEvent.Id, cancellationToken))
        {
            return PaymentEventOutcome.Duplicate;
        }

        if (await gateway.GetSubscriptionAsync(paymentEvent.SubscriptionId, cancellationToken) is not { } subscription)
        {
            logger.LogWarning("Payment event {EventId}: subscription {SubscriptionId} does not exist at the provider; ignored", paymentEvent.Id, paymentEvent.SubscriptionId);
            return PaymentEventOutcome.Ignored;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ApplyAsync(paymentEvent, subscription, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                // A concurrent delivery of this event won, or another event of this user changed the row: look again.
                db.ChangeTracker.Clear();
                if (await IsRecordedAsync(paymentEvent.Id, cancellationToken))
                {
                    return PaymentEventOutcome.Duplicate;
                }
            }
        }
    }

    private Task<bool> IsRecordedAsync(string eventId, CancellationToken cancellationToken) =>
        db.ProcessedPaymentEvents.AnyAsync(e => e.EventId == eventId, cancellationToken);

    private async Task<PaymentEventOutcome> ApplyAsync(PaymentEvent paymentEvent, ProviderSubscription subscription, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var customer = await db.BillingCustomers.SingleOrDefaultAsync(c => c.CustomerId == subscription.CustomerId, cancellationToken);
        var user = customer is null ? null : await db.Users.SingleOrDefaultAsync(u => u.Id == customer.UserId, cancellationToken);
        if (user is null)
        {
            // Answered 200: the provider would retry a refusal for days, and no retry can make this customer known.
            logger.LogWarning("Payment event {EventId} ({Type}): customer {CustomerId} belongs to no user; ignored", paymentEvent.Id, paymentEvent.Type, subscription.CustomerId);
            return PaymentEventOutcome.Ignored;
        }

        var outcome = PaymentEventOutcome.Ignored;
        if (settings.TierOfPrice(subscription.PriceId) is not { } priceTier)
        {
            logger.LogWarning("Payment event {EventId}: subscription {SubscriptionId} has price {PriceId}, which is neither STRIPE_PRICE_PRO nor STRIPE_PRICE_PREMIUM; nothing changed",
                paymentEvent.Id, subscription.Id, subscription.PriceId);
        }
        else
        {
            var state = new SubscriptionState(subscription.Id, priceTier, subscription.Status, subscription.Created, paymentEvent.Created, subscription.CurrentPeriodEnd, subscription.CancelAtPeriodEnd);
            outcome = await ApplyStateAsync(user, state, now, cancellationToken);
        }

        db.ProcessedPaymentEvents.Add(ProcessedPaymentEvent.Record(paymentEvent.Id, paymentEvent.Type, now));
        await db.SaveChangesAsync(cancellationToken);
        return outcome;
    }

    private async Task<PaymentEventOutcome> ApplyStateAsync(Domain.Accounts.User user, SubscriptionState state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var current = await db.BillingSubscriptions.SingleOrDefaultAsync(s => s.UserId == user.Id, cancellationToken);
        if (current is null)
        {
            db.BillingSubscriptions.Add(BillingSubscription.Start(user.Id, state, now));
        }
        else if (!current.Apply(state, now))
        {
            return PaymentEventOutcome.Stale;
        }

        // ENTERPRISE is an admin's decision: the provider's events never change it.
        if (state.GrantedTier is { } tier && user.Tier != Tier.Enterprise && user.Tier != tier)
        {
            logger.LogInformation("User {UserId}: tier {From} → {To} (subscription {SubscriptionId} {Status})", user.Id, user.Tier, tier, state.SubscriptionId, state.Status);
            user.ChangeTier(tier);
        }

        return PaymentEventOutcome.Applied;
    }
}
