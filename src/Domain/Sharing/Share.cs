using System.Security.Cryptography;

namespace Son1kVers3.Domain.Sharing;

/// <summary>A public link to a generation. FREE-tier shares are watermarked (the flag is fixed when shared).</summary>
public sealed class Share
{
    public const int SlugLength = 10;
    private const string Alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private Share()
    {
        Slug = string.Empty;
    }

    public Guid Id { get; private set; }
    public string Slug { get; private set; }
    public Guid GenerationId { get; private set; }
    public Guid UserId { get; private set; }
    public bool Watermarked { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static Share Create(Guid generationId, Guid userId, bool watermarked, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Slug = RandomNumberGenerator.GetString(Alphabet, SlugLength),
        GenerationId = generationId,
        UserId = userId,
        Watermarked = watermarked,
        CreatedAt = now,
    };
}
