using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Son1kVers3.Domain.Accounts;

namespace Son1kVers3.Infrastructure.Persistence.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("users");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Email).HasMaxLength(EmailAddress.MaxLength).IsRequired();
        builder.HasIndex(u => u.Email).IsUnique();
        builder.Property(u => u.DisplayName).HasMaxLength(100);
        builder.Property(u => u.PasswordHash).HasMaxLength(200);
        builder.Property(u => u.Role).HasConversion<string>().HasMaxLength(16);
        builder.Property(u => u.Tier).HasConversion<string>().HasMaxLength(16);
        builder.Ignore(u => u.Plan);
        builder.Ignore(u => u.Tools);
        builder.Ignore(u => u.IsEmailVerified);
        builder.Ignore(u => u.IsSuspended);
        builder.Property(u => u.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(u => u.SuspensionReason).HasMaxLength(User.MaxSuspensionReasonLength);
        builder.Property(u => u.UsageRevision).HasDefaultValue(0L);
        builder.Property(u => u.Locale).HasMaxLength(8).HasDefaultValue(Locales.Default);

        // An erased account's anonymous stand-in holds ledger rows only: no query of users sees it.
        builder.HasQueryFilter(u => u.DeletedAt == null);
    }
}
