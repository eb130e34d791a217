using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Clients;

namespace Son1kVers3.Infrastructure.Persistence.Configurations;

internal sealed class ClientConfiguration : IEntityTypeConfiguration<Client>
{
    public void Configure(EntityTypeBuilder<Client> builder)
    {
        builder.ToTable("clients");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.InstallHash).HasMaxLength(64).IsFixedLength().IsRequired();
        builder.HasIndex(c => c.InstallHash).IsUnique();
        builder.Property(c => c.UserAgent).HasMaxLength(512);
        builder.Property(c => c.Country).HasMaxLength(64);
        builder.Property(c => c.City).HasMaxLength(128);
        builder.Property(c => c.CreatedFromAddress).HasMaxLength(64);
        builder.HasIndex(c => new { c.CreatedFromAddress, c.FirstSeen });
        builder.HasIndex(c => c.FirstSeen);
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class ClientDayConfiguration : IEntityTypeConfiguration<ClientDay>
{
    public void Configure(EntityTypeBuilder<ClientDay> builder)
    {
        builder.ToTable("client_days");
        builder.HasKey(d => new { d.Day, d.ClientId });
        builder.HasOne<Client>().WithMany().HasForeignKey(d => d.ClientId).OnDelete(DeleteBehavior.Cascade);
    }
}
