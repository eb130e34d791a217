using System.Text.RegularExpressions;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using Son1kVers3.GraphQL.Schema;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Architecture;

/// <summary>
/// Every code a client can receive is defined once, in Domain's ErrorCodes, and documented in the
/// schema (UserError.code). The source scan fails when code anywhere in src/ spells a code as a
/// literal instead of naming the catalogue's constant: a new code must be added there first.
/// </summary>
[Collection(ApiCollection.Name)]
public partial class ErrorCodeCatalogueTests(ApiFactory api)
{
    /// <summary>All-caps literals in src/ that are not codes, each with what it is.</summary>
    private static readonly Dictionary<string, string> NotCodes = new()
    {
        ["GOOGLE"] = "OAuthProvider enum value",
        ["FACEBOOK"] = "OAuthProvider enum value",
        ["TIKTOK"] = "OAuthProvider enum value",
        ["V3_5"] = "MusicModel enum value",
        ["PENDING"] = "Suno task status",
        ["TEXT_SUCCESS"] = "Suno task status",
        ["FIRST_SUCCESS"] = "Suno task status",
        ["SUCCESS"] = "Suno task status",
        ["CREATE_TASK_FAILED"] = "Suno task status",
        ["GENERATE_AUDIO_FAILED"] = "Suno task status",
        ["CALLBACK_EXCEPTION"] = "Suno task status",
        ["SENSITIVE_WORD_ERROR"] = "Suno task status",
        ["GET"] = "HTTP method",
        ["POST"] = "HTTP method",
        ["DENY"] = "X-Frame-Options value",
        ["RIFF"] = "WAV chunk id",
        ["WAVE"] = "WAV chunk id",
        ["LIST"] = "WAV chunk id",
        ["INFO"] = "WAV chunk id",
        ["ICMT"] = "WAV chunk id",
        ["ID3"] = "MP3 tag id",
        ["TXXX"] = "MP3 tag id",
        ["S1KVINIT"] = "advisory lock key, in a comment",
    };

    [Fact]
    public void EveryCatalogueCode_IsScreamingCase_Unique_AndDescribedInOneLine()
    {
        var codes = ErrorCodeCatalogue.All;
        Assert.True(codes.Count >= 60, $"only {codes.Count} codes found by reflection over ErrorCodes");
        Assert.All(codes, c => Assert.Matches("^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$", c.Code));
        Assert.All(codes, c => Assert.False(string.IsNullOrWhiteSpace(c.Description), $"{c.Code} has no [Description]"));
        Assert.All(codes, c => Assert.DoesNotContain('\n', c.Description));
        Assert.Equal(codes.Count, codes.Select(c => c.Code).Distinct().Count());
    }

    [Fact]
    public void UserErrorCode_InTheSchema_ListsEveryCatalogueCode()
    {
        var schema = api.Services.GetRequiredService<ISchema>();
        schema.Initialize();
        var description = ((IInterfaceGraphType)schema.AllTypes["UserError"]!).GetField("code")!.Description!;
        Assert.All(ErrorCodeCatalogue.All, c => Assert.Contains($"\n- {c.Code}: {c.Description}", description));
    }

    [Fact]
    public void NoCodeIsWrittenAsALiteral_OutsideTheCatalogue()
    {
        var root = Repository.Root();
        var environmentVariables = EnvironmentVariable().Matches(File.ReadAllText(Path.Combine(root, "env.example"))).Select(m => m.Groups[1].Value).ToHashSet();
        var sources = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !Path.GetFileName(f).StartsWith("ErrorCodes", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(sources);

        var strays = sources
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, number: i + 1)))
            .SelectMany(l => AllCapsLiteral().Matches(l.line).Select(m => (l.file, l.number, literal: m.Groups[1].Value)))
            .Where(x => !environmentVariables.Contains(x.literal) && !NotCodes.ContainsKey(x.literal))
            .Select(x => $"{Path.GetRelativePath(root, x.file)}:{x.number}: \"{x.literal}\"")
            .ToList();

        Assert.True(strays.Count == 0,
            "Codes must be named through Son1kVers3.Domain.Common.ErrorCodes (add a new one there, with its [Description]); "
            + "a literal that is not a code goes in NotCodes of this test:\n" + string.Join('\n', strays));
    }

    [GeneratedRegex("\"([A-Z][A-Z0-9_]{2,})\"")]
    private static partial Regex AllCapsLiteral();

    [GeneratedRegex("^#?\\s*([A-Z][A-Z0-9_]+)=", RegexOptions.Multiline)]
    private static partial Regex EnvironmentVariable();
}
