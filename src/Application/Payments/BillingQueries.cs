using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Billing;

namespace Son1kVers3.Application.Payments;

/// <summary>Reads of the applied subscription state: a user's subscription, and how many are active.</summary>
public sealed class BillingQueries(IAppDbContext db)
{
    private static readonly BillingStatus[] Paying = [BillingStatus.Active, BillingStatus.Trialing, BillingStatus.PastDue];

    public Task<BillingSubscription?> SubscriptionOfAsync(Guid userId, CancellationToken cancellationToken) =>
        db.BillingSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.UserId == userId, cancellationToken);

    /// <summary>Users whose subscription is ACTIVE, TRIALING or PAST_DUE.</summary>
    public Task<int> ActiveCountAsync(CancellationToken cancellationToken) =>
        db.BillingSubscriptions.CountAsync(s => Paying.Contains(s.Status), cancellationToken);
}
