using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using GraphQL;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;
using Son1kVers3.GraphQL.Transport;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>What a request's persisted-document fields resolved to: the request to run (with its text), or why not.</summary>
/// <param name="FromStore">The text came from a store by hash (or matched a trusted document): a persisted operation.</param>
public sealed record PersistedResolution(GraphQLHttpRequest? Request, OperationRefusal? Refusal, bool FromStore);

/// <summary>
/// Resolves persisted documents for every transport (HTTP POST and GET, WebSocket subscribe):
/// the Apollo APQ extension <c>extensions.persistedQuery = { version: 1, sha256Hash }</c> and the
/// GraphQL-over-HTTP <c>documentId: "sha256:&lt;hex&gt;"</c>. A hash alone is looked up among the
/// trusted documents, then the APQ store; a hash with text is checked and stored; in
/// persisted-only mode a text that is not a trusted document is refused, except for an admin.
/// </summary>
public sealed class PersistedDocuments(
    IAutomaticPersistedQueries automatic, ITrustedDocuments trusted, PersistedDocumentSettings settings)
{
    public const string NotFound = ErrorCodes.PersistedQueryNotFound;
    public const string NotSupported = ErrorCodes.PersistedQueryNotSupported;
    public const string HashMismatch = ErrorCodes.PersistedQueryHashMismatch;
    public const string Required = ErrorCodes.PersistedQueryRequired;

    public async Task<PersistedResolution> ResolveAsync(GraphQLHttpRequest request, ClaimsPrincipal user, IServiceProvider services, CancellationToken ct)
    {
        var (hash, problem) = RequestedHash(request);
        if (problem is not null)
        {
            return Refused(problem);
        }

        var text = request.Query.Length > 0 ? request.Query : null;
        if (hash is null)
        {
            return text is null || !settings.PersistedOnly || await IsTrustedTextAsync(text, ct) || await IsAdminAsync(user, services, ct)
                ? new PersistedResolution(request, null, false)
                : Refused(RequiredProblem());
        }

        if (text is null)
        {
            var found = await trusted.FindAsync(hash, ct)
                ?? (settings.AutomaticEnabled && !settings.PersistedOnly ? await automatic.FindAsync(hash, ct) : null);
            return found is null
                ? Refused(new OperationRefusal(NotFound, "PersistedQueryNotFound: send the query text with this hash once."))
                : new PersistedResolution(request with { Query = found }, null, true);
        }

        if (Sha256Hex(text) != hash)
        {
            return Refused(new OperationRefusal(HashMismatch,
                "The persisted query hash does not match the query text: it must be the lowercase hex SHA-256 of the UTF-8 text."));
        }

        if (await trusted.FindAsync(hash, ct) is not null)
        {
            return new PersistedResolution(request, null, true);
        }

        if (settings.PersistedOnly)
        {
            return await IsAdminAsync(user, services, ct) ? new PersistedResolution(request, null, false) : Refused(RequiredProblem());
        }

        if (settings.AutomaticEnabled && Encoding.UTF8.GetByteCount(text) <= settings.AutomaticMaxDocumentBytes)
        {
            await automatic.SaveAsync(hash, text, settings.AutomaticTimeToLive, ct);
        }

        return new PersistedResolution(request, null, true);
    }

    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>The hash the request names (documentId or the APQ extension, lowercase), or a 400 when they are malformed or disagree.</summary>
    private (string? Hash, OperationRefusal? Problem) RequestedHash(GraphQLHttpRequest request)
    {
        string? fromId = null;
        if (request.DocumentId is { } documentId)
        {
            if (!documentId.StartsWith("sha256:", StringComparison.Ordinal) || !IsHex64(documentId[7..]))
            {
                return (null, BadRequest("'documentId' must be \"sha256:\" followed by the 64 hex digits of the document's SHA-256 hash."));
            }

            fromId = documentId[7..].ToLowerInvariant();
        }

        if (request.Extensions?.TryGetValue("persistedQuery", out var value) != true || value is null)
        {
            return (fromId, null);
        }

        if (value is not IReadOnlyDictionary<string, object?> persisted)
        {
            return (null, BadRequest("'extensions.persistedQuery' must be an object { version: 1, sha256Hash }."));
        }

        if (!persisted.TryGetValue("version", out var version) || version is not (int or long) || Convert.ToInt64(version, System.Globalization.CultureInfo.InvariantCulture) != 1)
        {
            return (null, new OperationRefusal(NotSupported, "PersistedQueryNotSupported: only persistedQuery version 1 is supported."));
        }

        if (!persisted.TryGetValue("sha256Hash", out var raw) || raw is not string hex || !IsHex64(hex))
        {
            return (null, BadRequest("'extensions.persistedQuery.sha256Hash' must be the 64 hex digits of the document's SHA-256 hash."));
        }

        var fromExtension = hex.ToLowerInvariant();
        return fromId is not null && fromId != fromExtension
            ? (null, BadRequest("'documentId' and 'extensions.persistedQuery.sha256Hash' name different documents."))
            : (fromExtension, null);
    }

    private async Task<bool> IsTrustedTextAsync(string text, CancellationToken ct) => await trusted.FindAsync(Sha256Hex(text), ct) is not null;

    private static async Task<bool> IsAdminAsync(ClaimsPrincipal user, IServiceProvider services, CancellationToken ct) =>
        CurrentUser.IdOf(user) is not null && (await services.GetRequiredService<CurrentUser>().GetAsync(user, ct))?.Role == Role.Admin;

    private static bool IsHex64(string text) => text.Length == 64 && text.All(char.IsAsciiHexDigit);

    private static OperationRefusal RequiredProblem() => new(Required,
        "This server runs only persisted operations: send the documentId (or persistedQuery hash) of an operation from the app's manifest.");

    private static OperationRefusal BadRequest(string message) => new(OperationRefusal.BadRequest, message);

    private static PersistedResolution Refused(OperationRefusal problem) => new(null, problem, false);
}
