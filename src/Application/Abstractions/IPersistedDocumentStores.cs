namespace Son1kVers3.Application.Abstractions;

/// <summary>
/// Automatic persisted queries (the Apollo protocol): documents that clients registered by their
/// SHA-256 hash, shared by every instance and expiring. Best effort: while the store is away a
/// lookup finds nothing (the client then sends the text again) and a save is skipped.
/// </summary>
public interface IAutomaticPersistedQueries
{
    Task<string?> FindAsync(string sha256Hex, CancellationToken cancellationToken);

    Task SaveAsync(string sha256Hex, string document, TimeSpan timeToLive, CancellationToken cancellationToken);
}

/// <summary>Trusted documents: the operations of a client build, imported from its manifest, by SHA-256 hash.</summary>
public interface ITrustedDocuments
{
    Task<string?> FindAsync(string sha256Hex, CancellationToken cancellationToken);

    /// <summary>Stores the documents (a hash already stored keeps its document); returns how many were new.</summary>
    Task<int> ImportAsync(IReadOnlyCollection<TrustedDocumentEntry> documents, CancellationToken cancellationToken);
}

/// <summary>One operation of a manifest: its hash (lowercase hex SHA-256 of the text), text and operation name if known.</summary>
public sealed record TrustedDocumentEntry(string Sha256Hex, string Document, string? OperationName);
