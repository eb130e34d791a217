using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Chat;

namespace Son1kVers3.Infrastructure.Persistence.Configurations;

internal sealed class ChatMessageConfiguration : IEntityTypeConfiguration<ChatMessage>
{
    public void Configure(EntityTypeBuilder<ChatMessage> builder)
    {
        builder.ToTable("chat_messages");
        builder.HasKey(m => m.Id);
        builder.Ignore(m => m.IsDeleted);
        builder.Property(m => m.Text).HasMaxLength(ChatRules.MaxMessageLength).IsRequired();
        builder.Property(m => m.ClientMessageId).HasMaxLength(ChatRules.MaxClientMessageIdLength);
        builder.HasIndex(m => new { m.RoomId, m.Seq }).IsUnique();
        builder.HasIndex(m => new { m.AuthorId, m.ClientMessageId }).IsUnique().HasFilter("client_message_id IS NOT NULL");
        builder.HasOne<ChatRoom>().WithMany().HasForeignKey(m => m.RoomId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(m => m.AuthorId).OnDelete(DeleteBehavior.Cascade);
    }
}
