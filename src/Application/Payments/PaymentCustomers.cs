using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Billing;

namespace Son1kVers3.Application.Payments;

/// <summary>The user's one provider customer: created at the first checkout, reused ever after.</summary>
public sealed class PaymentCustomers(IAppDbContext db, IPaymentGateway gateway, TimeProvider clock)
{
    public Task<BillingCustomer?> FindAsync(Guid userId, CancellationToken cancellationToken) =>
        db.BillingCustomers.SingleOrDefaultAsync(c => c.UserId == userId, cancellationToken);

    public async Task<BillingCustomer> GetOrCreateAsync(User user, CancellationToken cancellationToken)
    {
        if (await FindAsync(user.Id, cancellationToken) is { } existing)
        {
            return existing;
        }

        // The same key for every attempt: two concurrent checkouts of one user get one customer.
        var customerId = await gateway.CreateCustomerAsync(user.Id, user.Email, $"customer-{user.Id:N}", cancellationToken);
        var customer = BillingCustomer.Create(user.Id, customerId, clock.GetUtcNow());
        db.BillingCustomers.Add(customer);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return customer;
        }
        catch (DbUpdateException ex)
        {
            // A concurrent checkout recorded it first.
            db.ChangeTracker.Clear();
            return await FindAsync(user.Id, cancellationToken) ?? throw new InvalidOperationException("The customer row vanished.", ex);
        }
    }
}
