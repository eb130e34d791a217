using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Domain.Sharing;

namespace Son1kVers3.Infrastructure.Persistence.Configurations;

internal sealed class DownloadConfiguration : IEntityTypeConfiguration<Download>
{
    public void Configure(EntityTypeBuilder<Download> builder)
    {
        builder.ToTable("downloads");
        builder.HasKey(d => d.Id);
        builder.HasIndex(d => new { d.UserId, d.Day, d.TrackId }).IsUnique();
        builder.HasOne<User>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Track>().WithMany().HasForeignKey(d => d.TrackId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ShareConfiguration : IEntityTypeConfiguration<Share>
{
    public void Configure(EntityTypeBuilder<Share> builder)
    {
        builder.ToTable("shares");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Slug).HasMaxLength(Share.SlugLength);
        builder.HasIndex(s => s.Slug).IsUnique();
        builder.HasIndex(s => s.GenerationId).IsUnique();
        builder.HasIndex(s => new { s.UserId, s.CreatedAt });
        builder.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Generation>().WithMany().HasForeignKey(s => s.GenerationId).OnDelete(DeleteBehavior.Cascade);
    }
}
