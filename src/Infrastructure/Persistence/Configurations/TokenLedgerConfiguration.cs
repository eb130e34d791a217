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
        builder.Property<int>("Shard").HasDefaultValue(0).HasComment("The pool_day_shards row whose token this reservation holds.");
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
        builder.ToTable("pool_days");
        builder.HasKey(p => p.Day);
        builder.Property(p => p.Shards).HasDefaultValue(PoolDay.ShardsPerDay);
    }
}

internal sealed class PoolDayShardConfiguration : IEntityTypeConfiguration<PoolDayShard>
{
    public void Configure(EntityTypeBuilder<PoolDayShard> builder)
    {
        builder.ToTable("pool_day_shards", t =>
        {
            t.HasCheckConstraint("ck_pool_day_shards_free_not_negative", "free_reserved >= 0 AND free_used >= 0");
            t.HasCheckConstraint("ck_pool_day_shards_paid_not_negative", "paid_reserved >= 0 AND paid_used >= 0");
        });
        builder.HasKey(s => new { s.Day, s.Shard });
        builder.HasOne<PoolDay>().WithMany().HasForeignKey(s => s.Day).OnDelete(DeleteBehavior.Cascade);
    }
}
