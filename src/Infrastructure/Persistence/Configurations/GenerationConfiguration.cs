using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Generations;

namespace Son1kVers3.Infrastructure.Persistence.Configurations;

internal sealed class GenerationConfiguration : IEntityTypeConfiguration<Generation>
{
    public void Configure(EntityTypeBuilder<Generation> builder)
    {
        builder.ToTable("generations");
        builder.HasKey(g => g.Id);
        builder.Property<uint>("Version").IsRowVersion(); // PostgreSQL's xmin: a poll and a callback cannot overwrite each other
        builder.Property(g => g.Model).HasConversion<string>().HasMaxLength(8);
        builder.Property(g => g.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(g => g.Prompt).HasMaxLength(5000);
        builder.Property(g => g.Style).HasMaxLength(1000);
        builder.Property(g => g.Title).HasMaxLength(80);
        builder.Property(g => g.IdempotencyKey).HasMaxLength(100);
        builder.Property(g => g.ProviderTaskId).HasMaxLength(100);
        builder.Property(g => g.FailureReason).HasMaxLength(500);
        builder.Ignore(g => g.Request);
        builder.HasIndex(g => new { g.UserId, g.IdempotencyKey }).IsUnique().HasFilter("idempotency_key IS NOT NULL");
        builder.HasIndex(g => new { g.UserId, g.CreatedAt, g.Id });
        builder.HasIndex(g => g.ProviderTaskId).IsUnique().HasFilter("provider_task_id IS NOT NULL");
        builder.HasIndex(g => g.ReservationId).IsUnique();
        builder.HasIndex(g => new { g.Status, g.CreatedAt });
        builder.HasOne<User>().WithMany().HasForeignKey(g => g.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(g => g.Tracks).WithOne().HasForeignKey(t => t.GenerationId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(g => g.Tracks).HasField("_tracks").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class TrackConfiguration : IEntityTypeConfiguration<Track>
{
    public void Configure(EntityTypeBuilder<Track> builder)
    {
        builder.ToTable("tracks");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever(); // ids are made by the domain: a new track found on a generation is an insert
        builder.Property(t => t.ProviderClipId).HasMaxLength(100);
        builder.Property(t => t.Title).HasMaxLength(200);
        builder.Property(t => t.AudioUrl).HasMaxLength(1000);
        builder.Property(t => t.StreamAudioUrl).HasMaxLength(1000);
        builder.Property(t => t.ImageUrl).HasMaxLength(1000);
        builder.Property(t => t.Lyrics).HasMaxLength(10000);
        builder.HasIndex(t => new { t.GenerationId, t.Position }).IsUnique();
        builder.Ignore(t => t.IsComplete);
    }
}

internal sealed class GenerationJobConfiguration : IEntityTypeConfiguration<GenerationJob>
{
    public void Configure(EntityTypeBuilder<GenerationJob> builder)
    {
        builder.ToTable("generation_jobs");
        builder.HasKey(j => j.GenerationId);
        builder.Property(j => j.Step).HasConversion<string>().HasMaxLength(16);
        builder.Property(j => j.LeasedBy).HasMaxLength(200);
        builder.Ignore(j => j.IsScheduled);
        builder.HasIndex(j => j.DueAt);
        builder.HasOne<Generation>().WithOne().HasForeignKey<GenerationJob>(j => j.GenerationId).OnDelete(DeleteBehavior.Cascade);
    }
}
