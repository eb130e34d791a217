using System.Text.Json;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.GraphQL.Execution;

namespace Son1kVers3.GraphQL.Hosting;

/// <summary>
/// <c>persisted import &lt;manifest.json&gt;</c>: loads trusted documents into PostgreSQL from an
/// Apollo persisted-query manifest (<c>{"format":"apollo-persisted-query-manifest","version":1,
/// "operations":[{"id","name","type","body"}]}</c>) or a plain <c>{"&lt;sha256&gt;":"&lt;document&gt;"}</c>
/// map. Every id must be the SHA-256 of its document; nothing is imported from a file with a wrong one.
/// </summary>
public sealed class PersistedImportCommand(string path)
{
    public const string Usage = "usage: dotnet run --project src/GraphQL -- persisted import <manifest.json>";

    /// <summary>The command the arguments name, null when they name none (the server runs), or a usage error.</summary>
    public static (PersistedImportCommand? Command, string? UsageError) Parse(string[] args) => args switch
    {
        ["persisted", "import", var file] => (new PersistedImportCommand(file), null),
        ["persisted", ..] => (null, Usage),
        _ => (null, null),
    };

    public async Task<int> RunAsync(IServiceProvider services, TextWriter output, TextWriter errors)
    {
        List<TrustedDocumentEntry> entries;
        try
        {
            entries = Read(await File.ReadAllTextAsync(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or FormatException)
        {
            await errors.WriteLineAsync($"persisted import: cannot import '{path}': {ex.Message}");
            return 1;
        }

        var added = await services.GetRequiredService<ITrustedDocuments>().ImportAsync(entries, CancellationToken.None);
        await output.WriteLineAsync($"persisted import: {entries.Count} documents in '{path}', {added} new, {entries.Count - added} already trusted.");
        return 0;
    }

    public static List<TrustedDocumentEntry> Read(string json)
    {
        using var manifest = JsonDocument.Parse(json);
        var root = manifest.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("the manifest must be a JSON object");
        }

        return root.TryGetProperty("format", out var format)
            ? FromApolloManifest(root, format)
            : [.. root.EnumerateObject().Select(p => Entry(p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : throw new FormatException($"the document of '{p.Name}' must be a string"), null))];
    }

    private static List<TrustedDocumentEntry> FromApolloManifest(JsonElement root, JsonElement format)
    {
        if (format.ValueKind != JsonValueKind.String || format.GetString() != "apollo-persisted-query-manifest"
            || !root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() != 1)
        {
            throw new FormatException("only format \"apollo-persisted-query-manifest\" version 1 (or a plain { \"<sha256>\": \"<document>\" } map) is supported");
        }

        if (!root.TryGetProperty("operations", out var operations) || operations.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("the manifest has no 'operations' array");
        }

        return [.. operations.EnumerateArray().Select(o => Entry(Text(o, "id"), Text(o, "body"), o.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null))];
    }

    private static string Text(JsonElement operation, string name) =>
        operation.ValueKind == JsonValueKind.Object && operation.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"every operation needs a string '{name}'");

    private static TrustedDocumentEntry Entry(string id, string document, string? name)
    {
        var hash = PersistedDocuments.Sha256Hex(document);
        var given = id.StartsWith("sha256:", StringComparison.Ordinal) ? id[7..] : id;
        return string.Equals(given, hash, StringComparison.OrdinalIgnoreCase)
            ? new TrustedDocumentEntry(hash, document, name is { Length: > 200 } ? name[..200] : name)
            : throw new FormatException($"the id '{id}'{(name is null ? "" : $" of operation '{name}'")} is not the SHA-256 of its document ({hash})");
    }
}
