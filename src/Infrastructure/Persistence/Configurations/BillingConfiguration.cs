using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Billing;

namespace Son1kVers3.Infrastructure.Persistence.Configurations;

internal sealed class BillingCustomerConfiguration : IEntityTypeConfiguration<BillingCustomer>
{
    public void Configure(EntityTypeBuilder<BillingCustomer> builder)
    {
        builder.ToTable("billing_customers");
        builder.HasKey(c => c.UserId);
        builder.Property(c => c.CustomerId).HasMaxLength(255);
        builder.HasIndex(c => c.CustomerId).IsUnique();
        builder.HasOne<User>().WithOne().HasForeignKey<BillingCustomer>(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BillingSubscriptionConfiguration : IEntityTypeConfiguration<BillingSubscription>
{
    public void Configure(EntityTypeBuilder<BillingSubscription> builder)
    {
        builder.ToTable("billing_subscriptions");
        builder.HasKey(s => s.UserId);
        builder.Property(s => s.SubscriptionId).HasMaxLength(255);
        builder.Property(s => s.Tier).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(s => s.Status);
        // PostgreSQL's row version: two events of one user applied at once cannot both win.
        builder.Property<uint>("xmin").IsRowVersion();
        builder.HasOne<User>().WithOne().HasForeignKey<BillingSubscription>(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProcessedPaymentEventConfiguration : IEntityTypeConfiguration<ProcessedPaymentEvent>
{
    public void Configure(EntityTypeBuilder<ProcessedPaymentEvent> builder)
    {
        builder.ToTable("processed_payment_events");
        builder.HasKey(e => e.EventId);
        builder.Property(e => e.EventId).HasMaxLength(255);
        builder.Property(e => e.Type).HasMaxLength(100);
    }
}
