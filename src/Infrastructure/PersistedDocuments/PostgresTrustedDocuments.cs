using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Infrastructure.Persistence;

namespace Son1kVers3.Infrastructure.PersistedDocuments;

/// <summary>
/// Trusted documents in PostgreSQL, with an in-memory cache: a document found is kept (a hash
/// names one text forever), a hash not found is remembered for <see cref="MissTime"/>, so a
/// persisted-only server does not ask the database on every request.
/// </summary>
internal sealed class PostgresTrustedDocuments(IServiceScopeFactory scopes, TimeProvider clock) : ITrustedDocuments, IDisposable
{
    public static readonly TimeSpan MissTime = TimeSpan.FromSeconds(10);
    private const int CachedEntries = 10_000;
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = CachedEntries });

    public async Task<string?> FindAsync(string sha256Hex, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(sha256Hex, out string? cached))
        {
            return cached;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var document = await db.Set<TrustedDocument>().AsNoTracking()
            .Where(d => d.Hash == sha256Hex).Select(d => d.Document).FirstOrDefaultAsync(cancellationToken);
        _cache.Set(sha256Hex, document, new MemoryCacheEntryOptions
        {
            Size = 1,
            AbsoluteExpirationRelativeToNow = document is null ? MissTime : null,
        });
        return document;
    }

    public async Task<int> ImportAsync(IReadOnlyCollection<TrustedDocumentEntry> documents, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var hashes = documents.Select(d => d.Sha256Hex).ToList();
        var known = await db.Set<TrustedDocument>().Where(d => hashes.Contains(d.Hash)).Select(d => d.Hash).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var added = documents.Where(d => !known.Contains(d.Sha256Hex)).DistinctBy(d => d.Sha256Hex)
            .Select(d => new TrustedDocument { Hash = d.Sha256Hex, Document = d.Document, OperationName = d.OperationName, ImportedAt = now })
            .ToList();
        db.Set<TrustedDocument>().AddRange(added);
        await db.SaveChangesAsync(cancellationToken);
        return added.Count;
    }

    public void Dispose() => _cache.Dispose();
}
