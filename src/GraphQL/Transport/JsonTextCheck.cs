using System.Text.Json;
using Son1kVers3.GraphQL.Execution;

namespace Son1kVers3.GraphQL.Transport;

/// <summary>
/// Finds the first string or key in a JSON request that is not text we accept: invalid UTF-8,
/// escaped unpaired surrogates (which .NET cannot even read as a string), or NUL characters.
/// </summary>
public static class JsonTextCheck
{
    /// <summary>What is wrong and where (e.g. "'variables.input.prompt' contains a NUL character …"), or null.</summary>
    public static string? Problem(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Read(element.GetString) is var (text, bad) && bad is null
                    ? UnsafeText.Problem(text) is { } problem ? $"'{path}' contains {problem}" : null
                    : $"'{path}' {bad}";
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var (name, badName) = Read(() => property.Name);
                    var nameProblem = badName ?? (UnsafeText.Problem(name) is { } p ? $"contains {p}" : null);
                    if (nameProblem is not null)
                    {
                        return $"a key in '{path}' {nameProblem}";
                    }

                    if (Problem(property.Value, $"{path}.{name}") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Problem(item, $"{path}[{index++}]") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>System.Text.Json throws InvalidOperationException for text it cannot transcode (bad UTF-8, lone escaped surrogates).</summary>
    private static (string Text, string? Problem) Read(Func<string?> read)
    {
        try
        {
            return (read() ?? "", null);
        }
        catch (InvalidOperationException)
        {
            return ("", "is not valid Unicode text (invalid UTF-8 or an unpaired UTF-16 surrogate escape)");
        }
    }
}
