using System.Text.RegularExpressions;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Architecture;

/// <summary>README.md's "Where the code lives" table names every folder under src/, and only those.</summary>
public partial class SourceFolderTableTests
{
    [Fact]
    public void EveryFolderUnderSrc_HasARowInTheReadmeTable_AndEveryRowAFolder()
    {
        var root = Repository.Root();
        var folders = SourceFolders(root);
        var rows = TableRows(File.ReadAllText(Path.Combine(root, "README.md")));

        var missing = folders.Except(rows, StringComparer.Ordinal).ToList();
        var gone = rows.Except(folders, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "Add a row to README.md's \"Where the code lives\" table for: " + string.Join(", ", missing));
        Assert.True(gone.Count == 0, "README.md's \"Where the code lives\" table names folders that do not exist: " + string.Join(", ", gone));
    }

    /// <summary>Folders holding at least one file, bin/obj and hidden folders left out, as src/A/B.</summary>
    private static HashSet<string> SourceFolders(string root)
    {
        var src = Path.Combine(root, "src");
        return Directory.EnumerateDirectories(src, "*", SearchOption.AllDirectories).Prepend(src)
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Where(relative => !relative.Split('/').Any(part => part is "bin" or "obj" || part.StartsWith('.')))
            .Where(relative => Directory.EnumerateFiles(Path.Combine(root, relative), "*", SearchOption.AllDirectories).Any())
            .Where(relative => relative != "src")
            .ToHashSet(StringComparer.Ordinal);
    }

    private static HashSet<string> TableRows(string readme) =>
        Row().Matches(readme).Select(m => m.Groups["folder"].Value.TrimEnd('/')).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"^\| `(?<folder>src/[^`]+)` \|", RegexOptions.Multiline)]
    private static partial Regex Row();
}
