using System.Net;
using System.Net.Http.Json;
using GraphQL;
using GraphQL.DI;
using GraphQL.Validation;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Http;

/// <summary>
/// The document cache holds parsed and validated documents by text and operation name: a repeated
/// request skips parsing and the validation rules, yet what depends on the request (the complexity
/// of a document with variables, the variables themselves) is still checked every time.
/// </summary>
[Collection(ApiCollection.Name)]
public class DocumentCacheTests(ApiFactory api)
{
    [Fact]
    public async Task ARepeatedDocument_RunsTheValidationRulesOnlyTheFirstTime()
    {
        var rule = new CountingRule();
        var client = api.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IConfigureExecution>(rule))).CreateClient();
        const string Query = "{ plans { tier tokenAllocation } }";

        var first = await client.PostAsync(Query);
        var second = await client.PostAsync(Query);
        var third = await client.PostAsync(Query);

        Assert.Equal(first.Body!.ToJsonString(), second.Body!.ToJsonString());
        Assert.Equal(first.Body!.ToJsonString(), third.Body!.ToJsonString());
        Assert.Equal(1, rule.Runs);
    }

    [Fact]
    public async Task TheSameTextWithAnotherOperationName_IsValidatedOnceForThatOperation()
    {
        var rule = new CountingRule();
        var client = api.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IConfigureExecution>(rule))).CreateClient();
        const string Query = "query A { plans { tier } } query B { plans { tokenAllocation } }";

        foreach (var name in new[] { "A", "A", "B", "B" })
        {
            var response = await client.PostAsJsonAsync("/graphql", new { query = Query, operationName = name });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(2, rule.Runs);
    }

    [Fact]
    public async Task AnInvalidDocument_IsValidatedAndRefusedEveryTime()
    {
        var rule = new CountingRule();
        var client = api.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IConfigureExecution>(rule))).CreateClient();

        var first = await client.PostAsync("{ plans { tier undefinedField } }");
        var second = await client.PostAsync("{ plans { tier undefinedField } }");

        Assert.Equal("GRAPHQL_VALIDATION_FAILED", first.FirstErrorCode);
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", second.FirstErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.Status);
        Assert.Equal(2, rule.Runs);
    }

    [Fact]
    public async Task ACachedDocumentWithVariables_StillHasItsComplexityCheckedAgainstEachRequestsVariables()
    {
        var client = api.With(("GRAPHQL_MAX_COMPLEXITY", "500")).CreateClient();
        const string Query = "query($n: Int) { myGenerations(first: $n) { edges { node { id status prompt } } } }";

        var small = await client.PostAsync(Query, new { n = 2 });
        var smallAgain = await client.PostAsync(Query, new { n = 2 });
        var large = await client.PostAsync(Query, new { n = 1000 });

        Assert.NotEqual("QUERY_TOO_COMPLEX", small.FirstErrorCode);
        Assert.NotEqual("QUERY_TOO_COMPLEX", smallAgain.FirstErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, large.Status);
        Assert.Equal("QUERY_TOO_COMPLEX", large.FirstErrorCode);
    }

    [Fact]
    public async Task ACachedDocument_StillRefusesVariablesOfTheWrongType()
    {
        var client = api.CreateClient();
        const string Query = "query($d: Date) { tokenPool(date: $d) { date } }";

        var good = await client.PostAsync(Query, new { d = "2026-02-01" });
        var bad = await client.PostAsync(Query, new { d = "not a date" });

        Assert.Equal("2026-02-01", good.Data!["tokenPool"]!["date"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Null(bad.Data);
    }

    /// <summary>Adds a rule, as the library's own configurations do, that counts how often validation runs it.</summary>
    private sealed class CountingRule : IConfigureExecution, IValidationRule
    {
        private int _runs;

        public int Runs => _runs;

        public float SortOrder => 100;

        public Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
        {
            options.ValidationRules = (options.ValidationRules ?? DocumentValidator.CoreRules).Append(this);
            return next(options);
        }

        public ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
        {
            Interlocked.Increment(ref _runs);
            return default;
        }

        public ValueTask<IVariableVisitor?> GetVariableVisitorAsync(ValidationContext context) => default;

        public ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context) => default;
    }
}
