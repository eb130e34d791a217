using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Chat;

namespace Son1kVers3.Infrastructure.Persistence.Configurations;

internal sealed class ChatMuteConfiguration : IEntityTypeConfiguration<ChatMute>
{
    public void Configure(EntityTypeBuilder<ChatMute> builder)
    {
        builder.ToTable("chat_mutes");
        builder.HasKey(m => new { m.RoomId, m.UserId });
        builder.HasOne<ChatRoom>().WithMany().HasForeignKey(m => m.RoomId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
