using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Son1kVers3.Domain.Chat;

namespace Son1kVers3.Infrastructure.Persistence.Configurations;

internal sealed class ChatRoomConfiguration : IEntityTypeConfiguration<ChatRoom>
{
    public void Configure(EntityTypeBuilder<ChatRoom> builder)
    {
        builder.ToTable("chat_rooms");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Name).HasMaxLength(ChatRoom.MaxNameLength).IsRequired();
        builder.Property(r => r.Archived).HasDefaultValue(false);
        builder.Property(r => r.LastSeq).HasDefaultValue(0L);
        builder.HasIndex(r => r.Name).IsUnique();
    }
}
