using GraphQL;
using GraphQL.Types;
using GraphQL.Utilities;
using Microsoft.Extensions.DependencyInjection;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Hosting;

/// <summary>schema.graphql at the repository root is the live schema, printed; regenerate with UPDATE_SCHEMA=1 ./test.sh.</summary>
[Collection(ApiCollection.Name)]
public class SchemaFileTests(ApiFactory api)
{
    [Fact]
    public void SchemaFile_MatchesTheLiveSchema()
    {
        var schema = api.Services.GetRequiredService<ISchema>();
        schema.Initialize();
        var live = schema.Print(new PrintOptions { IncludeDescriptions = true, IncludeDeprecationReasons = true }).ReplaceLineEndings("\n").Trim() + "\n";
        var path = Path.Combine(Repository.Root(), "schema.graphql");

        if (Environment.GetEnvironmentVariable("UPDATE_SCHEMA") == "1")
        {
            File.WriteAllText(path, live);
        }

        Assert.True(File.Exists(path), "schema.graphql is missing. Generate it with: UPDATE_SCHEMA=1 ./test.sh --filter SchemaFile");
        var committed = File.ReadAllText(path).ReplaceLineEndings("\n");
        Assert.True(committed == live, "schema.graphql is out of date. Regenerate it with: UPDATE_SCHEMA=1 ./test.sh --filter SchemaFile\n" + LineDiff(committed, live));
    }

    private static string LineDiff(string expected, string actual)
    {
        var removed = expected.Split('\n').Except(actual.Split('\n')).Select(l => "- " + l);
        var added = actual.Split('\n').Except(expected.Split('\n')).Select(l => "+ " + l);
        return string.Join('\n', removed.Concat(added));
    }
}
