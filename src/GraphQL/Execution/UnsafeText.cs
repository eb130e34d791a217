namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// Text that PostgreSQL and JSON cannot carry: NUL characters and unpaired UTF-16 surrogates.
/// Requests holding such text are refused at the edge, before anything reaches storage.
/// </summary>
public static class UnsafeText
{
    /// <summary>What is wrong with the text (e.g. "a NUL character (U+0000) at position 3"), or null when it is fine.</summary>
    public static string? Problem(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return $"a NUL character (U+0000) at position {i}";
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return $"an unpaired UTF-16 surrogate (U+{(int)c:X4}) at position {i}";
            }
        }

        return null;
    }

    /// <summary>At most <paramref name="max"/> characters of the text, control characters shown as '?', for one bounded log line.</summary>
    public static string ForLog(string? text, int max = 2048)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var head = text.Length <= max ? text : text[..max];
        var chars = head.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? '?' : c).ToArray();
        return text.Length <= max ? new string(chars) : new string(chars) + $"… ({text.Length} characters)";
    }

    /// <summary>The first string (or key) in request inputs that holds unsafe text, named by its path, or null.</summary>
    public static string? FindIn(object? value, string path) => value switch
    {
        string text => Problem(text) is { } problem ? $"'{path}' contains {problem}" : null,
        IEnumerable<KeyValuePair<string, object?>> map => map
            .Select(e => Problem(e.Key) is { } problem ? $"a key in '{path}' contains {problem}" : FindIn(e.Value, $"{path}.{e.Key}"))
            .FirstOrDefault(p => p is not null),
        System.Collections.IEnumerable list => list.Cast<object?>().Select((item, i) => FindIn(item, $"{path}[{i}]")).FirstOrDefault(p => p is not null),
        _ => null,
    };
}
