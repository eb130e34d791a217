using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Son1kVers3.Domain.Accounts;

namespace Son1kVers3.Infrastructure.Persistence.Configurations;

internal sealed class ExternalLoginConfiguration : IEntityTypeConfiguration<ExternalLogin>
{
    public void Configure(EntityTypeBuilder<ExternalLogin> builder)
    {
        builder.ToTable("external_logins");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Provider).HasConversion<string>().HasMaxLength(16);
        builder.Property(l => l.ProviderUserId).HasMaxLength(200).IsRequired();
        builder.HasIndex(l => new { l.Provider, l.ProviderUserId }).IsUnique();
        builder.HasIndex(l => new { l.UserId, l.Provider }).IsUnique();
        builder.HasOne<User>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
