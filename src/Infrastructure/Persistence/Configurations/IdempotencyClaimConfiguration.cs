using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Generations;

namespace Son1kVers3.Infrastructure.Persistence.Configurations;

internal sealed class IdempotencyClaimConfiguration : IEntityTypeConfiguration<IdempotencyClaim>
{
    public void Configure(EntityTypeBuilder<IdempotencyClaim> builder)
    {
        builder.ToTable("idempotency_claims");
        builder.HasKey(c => new { c.UserId, c.Key });
        builder.Property(c => c.Key).HasMaxLength(IdempotencyClaim.MaxKeyLength);
        builder.Property(c => c.RequestHash).HasMaxLength(64);
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
