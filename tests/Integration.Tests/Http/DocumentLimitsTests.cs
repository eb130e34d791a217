using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Son1kVers3.Integration.Tests.Support;
using Xunit.Abstractions;

namespace Son1kVers3.Integration.Tests.Http;

/// <summary>
/// Documents built to make parsing or validation expensive are refused before validation, quickly,
/// with a 400 that names the limit (issue 9, items 3 and 4).
/// </summary>
[Collection(ApiCollection.Name)]
public class DocumentLimitsTests(ApiFactory api, ITestOutputHelper output)
{
    private const int QuickMs = 100;
    private readonly HttpClient _client = api.CreateClient();

    /// <summary>25 fragments, each spreading the next twice: 2^25 field selections once expanded, in about 1.1 KB.</summary>
    private static string ExponentialFragments(string prefix, int levels = 25)
    {
        var text = new StringBuilder($"query {{ ...{prefix}0 }}\n");
        for (var i = 0; i < levels; i++)
        {
            text.Append(i + 1 < levels
                ? $"fragment {prefix}{i} on Query {{ plans {{ tier }} ...{prefix}{i + 1} ...{prefix}{i + 1} }}\n"
                : $"fragment {prefix}{i} on Query {{ plans {{ tier }} }}\n");
        }

        return text.ToString();
    }

    /// <summary>
    /// Warms up with one variant, then sends three more (distinct, so no cache answers) and
    /// keeps the fastest: the machine is shared, and one scheduling hiccup says nothing of the server.
    /// </summary>
    private async Task<(GraphQLResponse Response, long ElapsedMs)> FastestOfThreeAsync(Func<int, string> variant)
    {
        await _client.PostAsync(variant(0));
        (GraphQLResponse Response, long ElapsedMs) best = default;
        for (var i = 1; i <= 3; i++)
        {
            var query = variant(i);
            var watch = Stopwatch.StartNew();
            var response = await _client.PostAsync(query);
            output.WriteLine($"{query.Length} characters refused in {watch.ElapsedMilliseconds} ms");
            if (i == 1 || watch.ElapsedMilliseconds < best.ElapsedMs)
            {
                best = (response, watch.ElapsedMilliseconds);
            }
        }

        return best;
    }

    [Fact]
    public async Task ExponentialFragments_AreRefusedIn100Ms_NamingTheFieldLimit()
    {
        var (response, elapsed) = await FastestOfThreeAsync(i => ExponentialFragments($"F{i}_"));

        Assert.InRange(ExponentialFragments("F1_").Length, 1000, 1600);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("QUERY_TOO_COMPLEX", response.FirstErrorCode);
        Assert.Contains("GRAPHQL_MAX_FIELDS", response.FirstErrorMessage);
        Assert.InRange(elapsed, 0, QuickMs);
    }

    [Fact]
    public async Task SixtyThousandRepeatsOfOneField_UnderTheBodyLimit_AreRefusedIn100Ms_NamingTheTokenLimit()
    {
        static string Document(int i) => "{" + string.Concat(Enumerable.Repeat(" me", 60_000)) + new string(' ', i) + " }";

        var (response, elapsed) = await FastestOfThreeAsync(Document);

        Assert.InRange(Encoding.UTF8.GetByteCount(Document(3)), 150_000, 256 * 1024 - 100);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("QUERY_TOO_COMPLEX", response.FirstErrorCode);
        Assert.Contains("GRAPHQL_MAX_TOKENS", response.FirstErrorMessage);
        Assert.InRange(elapsed, 0, QuickMs);
    }

    [Fact]
    public async Task MoreThan2000FieldSelections_UnderTheTokenLimit_AreRefused_NamingTheFieldLimit()
    {
        var response = await _client.PostAsync("{" + string.Concat(Enumerable.Repeat(" __typename", 2_001)) + " }");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("QUERY_TOO_COMPLEX", response.FirstErrorCode);
        Assert.Contains("2000 fields", response.FirstErrorMessage);
    }

    [Fact]
    public async Task TwoHundredSameNameFieldsWithDifferentArguments_AreRefusedIn100Ms_NamingTheRepeatLimit()
    {
        static string Document(int year) => "{" + string.Concat(Enumerable.Range(0, 200).Select(i => $" tokenPool(date: \"{2020 + year}-01-{1 + (i % 28):00}\") {{ date }}")) + " }";

        var (response, elapsed) = await FastestOfThreeAsync(Document);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("QUERY_TOO_COMPLEX", response.FirstErrorCode);
        Assert.Contains("GRAPHQL_MAX_FIELD_REPEATS", response.FirstErrorMessage);
        Assert.InRange(elapsed, 0, QuickMs);
    }

    [Fact]
    public async Task SameNameFieldsWithDifferentArguments_GetOneConflictError_NotOnePerPair()
    {
        var response = await _client.PostAsync("{" + string.Concat(Enumerable.Range(0, 30).Select(i => $" tokenPool(date: \"2026-01-{1 + (i % 28):00}\") {{ date }}")) + " }");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", response.FirstErrorCode);
        Assert.Contains("'tokenPool' conflict", response.FirstErrorMessage);
        Assert.Single(response.Errors!);
    }

    [Fact]
    public async Task MoreThan100Fragments_AreRefused_NamingTheFragmentLimit()
    {
        var fragments = string.Concat(Enumerable.Range(0, 101).Select(i => $"fragment F{i} on Query {{ __typename }}\n"));
        var response = await _client.PostAsync("{ ...F0 }\n" + fragments);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("QUERY_TOO_COMPLEX", response.FirstErrorCode);
        Assert.Contains("GRAPHQL_MAX_FRAGMENTS", response.FirstErrorMessage);
    }

    [Fact]
    public async Task MoreThan20AliasesOfOneField_AreRefused_NamingTheAliasLimit()
    {
        var response = await _client.PostAsync("{" + string.Concat(Enumerable.Range(0, 21).Select(i => $" p{i}: tokenPool {{ date }}")) + " }");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("QUERY_TOO_COMPLEX", response.FirstErrorCode);
        Assert.Contains("'tokenPool'", response.FirstErrorMessage);
        Assert.Contains("GRAPHQL_MAX_ALIASES_PER_FIELD", response.FirstErrorMessage);
    }

    [Fact]
    public async Task ARequestThatWouldReadStorageOver200Times_IsRefusedAsTooComplex()
    {
        // 20 aliases of each storage-reading root field (the alias limit allows 20): about 220 reads.
        string Twenty(string selection) => string.Concat(Enumerable.Range(0, 20).Select(i => $" a{i}_{selection}"));
        var query = "{" + Twenty("me: me { id usage { __typename } }") + Twenty("tp: tokenPool { date }")
            + Twenty("g: generation(id: \"x\") { id }") + Twenty("s: sharedGeneration(slug: \"x\") { slug }")
            + Twenty("n: node(id: \"x\") { id }") + Twenty("m: myGenerations { totalCount }")
            + Twenty("an: analytics { clients { total activeToday newToday } }") + " }";

        var response = await _client.PostAsync(query);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("QUERY_TOO_COMPLEX", response.FirstErrorCode);
        Assert.Contains("complexity", response.FirstErrorMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ADocumentNested2000Levels_Is400_WithAParseError_AndLogsAtMost2KBOfIt()
    {
        var logs = new CapturedLogs();
        using var client = logs.On(api, LogLevel.Information).CreateClient();
        var document = "{" + string.Concat(Enumerable.Repeat(" me {", 1_999)) + " id" + new string('}', 2_000);

        var response = await client.PostAsync(document);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("GRAPHQL_PARSE_FAILED", response.FirstErrorCode);
        Assert.Contains("nested more than", response.FirstErrorMessage);
        var lines = logs.Lines.Where(l => l.Message.Contains("{ me {", StringComparison.Ordinal)).ToList();
        Assert.Single(lines);
        Assert.InRange(lines[0].Message.Length, 1, 2048 + 400);
        Assert.All(logs.Lines, l => Assert.InRange(l.Message.Length, 0, 2048 + 400));
    }
}
