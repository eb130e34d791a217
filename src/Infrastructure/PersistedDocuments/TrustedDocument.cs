using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Son1kVers3.Infrastructure.PersistedDocuments;

/// <summary>A row of <c>trusted_documents</c>: one imported operation, by the SHA-256 hash of its text.</summary>
internal sealed class TrustedDocument
{
    public required string Hash { get; init; }
    public required string Document { get; init; }
    public string? OperationName { get; init; }
    public DateTimeOffset ImportedAt { get; init; }
}

internal sealed class TrustedDocumentConfiguration : IEntityTypeConfiguration<TrustedDocument>
{
    public void Configure(EntityTypeBuilder<TrustedDocument> builder)
    {
        builder.ToTable("trusted_documents");
        builder.HasKey(d => d.Hash);
        builder.Property(d => d.Hash).HasMaxLength(64).ValueGeneratedNever();
        builder.Property(d => d.OperationName).HasMaxLength(200);
    }
}
