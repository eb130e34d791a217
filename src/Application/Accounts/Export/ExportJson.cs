using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Son1kVers3.Application.Accounts.Export;

/// <summary>
/// Writes an export section by section straight to the response: rows arrive one at a time from
/// the database and leave in small chunks, so nothing holds the whole file in memory.
/// </summary>
internal sealed class ExportJson(Stream output) : IAsyncDisposable
{
    private const int FlushAt = 32 * 1024;

    public Utf8JsonWriter Writer { get; } = new(output, new JsonWriterOptions
    {
        Indented = true,
        // Letters of every language as they are (the product speaks Spanish first); still escapes <, >, & and quotes.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    });

    /// <summary>"name": [ one object per row ].</summary>
    public async Task ArrayAsync<T>(string name, IAsyncEnumerable<T> rows, Action<Utf8JsonWriter, T> write, CancellationToken ct)
    {
        Writer.WritePropertyName(name);
        Writer.WriteStartArray();
        await foreach (var row in rows.WithCancellation(ct))
        {
            Writer.WriteStartObject();
            write(Writer, row);
            Writer.WriteEndObject();
            await FlushIfFullAsync(ct);
        }

        Writer.WriteEndArray();
        await FlushIfFullAsync(ct);
    }

    /// <summary>"name": { ... } or null.</summary>
    public void Object<T>(string name, T? row, Action<Utf8JsonWriter, T> write)
        where T : class
    {
        if (row is null)
        {
            Writer.WriteNull(name);
            return;
        }

        Writer.WriteStartObject(name);
        write(Writer, row);
        Writer.WriteEndObject();
    }

    public async Task FlushIfFullAsync(CancellationToken ct)
    {
        if (Writer.BytesPending >= FlushAt)
        {
            await Writer.FlushAsync(ct);
        }
    }

    public ValueTask DisposeAsync() => Writer.DisposeAsync();
}

internal static class ExportValues
{
    public static void WriteTime(this Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            writer.WriteString(name, time.ToUniversalTime());
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    public static void WriteNumber(this Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
