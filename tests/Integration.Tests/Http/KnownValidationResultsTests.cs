using GraphQL;
using GraphQL.Instrumentation;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.DependencyInjection;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Http;

/// <summary>
/// A cached document that passed every rule, with no variables and no argument or directive values
/// (the public plan table), is not walked again for its arguments on every request; a document with
/// arguments or variables still is (its values are parsed per request, and execution may add to them).
/// </summary>
[Collection(ApiCollection.Name)]
public class KnownValidationResultsTests(ApiFactory api)
{
    [Theory]
    [InlineData("{ plans { tier tools } }", 1)]
    [InlineData("{ __type(name: \"Plan\") { name } }", 3)]
    [InlineData("query ($name: String!) { __type(name: $name) { name } }", 3)]
    public async Task ADocumentWithNothingToParse_IsWalkedOnce_OneWithArgumentsOrVariables_OnEveryRequest(string query, int walks)
    {
        Assert.IsType<KnownValidationResults>(api.Services.GetRequiredService<IDocumentValidator>()); // what the server runs with
        var schema = api.Services.GetRequiredService<ISchema>();
        schema.Initialize();
        var library = new CountingValidator(new DocumentValidator());
        var validator = new KnownValidationResults(library);
        var document = GraphQLParser.Parser.Parse(query);
        var operation = document.Definitions.OfType<GraphQLOperationDefinition>().Single();

        for (var request = 0; request < 3; request++)
        {
            var result = await validator.ValidateAsync(new ValidationOptions
            {
                Schema = schema,
                Document = document,
                Operation = operation,
                Rules = [], // the document passed every rule before (SkipRepeatedValidation)
                Variables = new Inputs(new Dictionary<string, object?> { ["name"] = "Plan" }),
                Extensions = Inputs.Empty,
                UserContext = new Dictionary<string, object?>(),
                Metrics = Metrics.None,
            });
            Assert.True(result.IsValid);
        }

        Assert.Equal(walks, library.Walks);
    }

    private sealed class CountingValidator(IDocumentValidator inner) : IDocumentValidator
    {
        public int Walks { get; private set; }

        public Task<IValidationResult> ValidateAsync(in ValidationOptions options)
        {
            Walks++;
            return inner.ValidateAsync(options);
        }
    }
}
