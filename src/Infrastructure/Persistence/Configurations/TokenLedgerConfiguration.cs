using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.TokenPool;
using Son1kVers3.Infrastructure.TokenPool;

namespace Son1kVers3.Infrastructure.Persistence.Configurations;

internal sealed class TokenReservationConfiguration : IEntityTypeConfiguration<TokenReservation>
{
    public void Configure(EntityTypeBuilder<TokenReservation> builder)
    {
        builder.ToTable("token_reservations");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Model).HasConversion<string>().HasMaxLength(8);
        builder.Property(r => r.Bucket).HasConversion<string>().HasMaxLength(8);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(r => new { r.UserId, r.Day });
        builder.HasOne<User>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TokenMovementConfiguration : IEntityTypeConfiguration<TokenMovement>
{
    public void Configure(EntityTypeBuilder<TokenMovement> builder)
    {
        builder.ToTable("token_movements");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).UseIdentityAlwaysColumn();
        builder.Property(m => m.Bucket).HasConversion<string>().HasMaxLength(8);
        builder.Property(m => m.Kind).HasConversion<string>().HasMaxLength(8);
        builder.Property(m => m.Reason).HasMaxLength(200);
        builder.HasIndex(m => new { m.Day, m.Bucket });
        builder.HasOne<TokenReservation>().WithMany().HasForeignKey(m => m.ReservationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PoolDayConfiguration : IEntityTypeConfiguration<PoolDay>
{
    public void Configure(EntityTypeBuilder<PoolDay> builder)
    {
        builder.ToTable("pool_days", t =>
        {
            t.HasCheckConstraint("ck_pool_days_free_within_capacity", "free_reserved >= 0 AND free_used >= 0 AND free_reserved + free_used <= free_base + 7 * unique_clients");
            t.HasCheckConstraint("ck_pool_days_paid_within_capacity", "paid_reserved >= 0 AND paid_used >= 0 AND paid_reserved + paid_used <= paid_base + 3 * unique_clients");
        });
        builder.HasKey(p => p.Day);
    }
}
