using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Email;

namespace Son1kVers3.Infrastructure.Persistence.Configurations;

internal sealed class OutboundEmailConfiguration : IEntityTypeConfiguration<OutboundEmail>
{
    public void Configure(EntityTypeBuilder<OutboundEmail> builder)
    {
        builder.ToTable("outbound_emails");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.To).HasMaxLength(EmailAddress.MaxLength).IsRequired();
        builder.Property(m => m.Subject).HasMaxLength(200).IsRequired();
        builder.Property(m => m.LastError).HasMaxLength(500);
        // The worker's claim: unsent mail whose next attempt is due, oldest first.
        builder.HasIndex(m => m.NextAttemptAt).HasFilter("sent_at IS NULL").HasDatabaseName("ix_outbound_emails_due");
        builder.HasIndex(m => m.UserId);
    }
}
