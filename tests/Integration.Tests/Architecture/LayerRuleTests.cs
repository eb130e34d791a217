using System.Reflection;

namespace Son1kVers3.Integration.Tests.Architecture;

/// <summary>Dependencies point inward only: Domain ← Application ← Infrastructure, Application ← GraphQL.</summary>
public class LayerRuleTests
{
    private static readonly Assembly Domain = typeof(Son1kVers3.Domain.Plans.PlanCatalog).Assembly;
    private static readonly Assembly Application = typeof(Son1kVers3.Application.DependencyInjection).Assembly;
    private static readonly Assembly Infrastructure = typeof(Son1kVers3.Infrastructure.DependencyInjection).Assembly;

    private static string[] References(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();

    [Fact]
    public void Domain_ReferencesNothingButTheRuntime()
    {
        var references = References(Domain).Where(name => !name.StartsWith("System", StringComparison.Ordinal) && name != "netstandard");
        Assert.Empty(references);
    }

    [Fact]
    public void Application_ReferencesNeitherInfrastructureNorGraphQL_NorTheirPackages()
    {
        var references = References(Application);
        Assert.DoesNotContain("Son1kVers3.Infrastructure", references);
        Assert.DoesNotContain("Son1kVers3.GraphQL", references);
        Assert.DoesNotContain(references, r => r.StartsWith("Npgsql", StringComparison.Ordinal) || r.StartsWith("StackExchange", StringComparison.Ordinal) || r == "GraphQL");
    }

    [Fact]
    public void Infrastructure_DoesNotReferenceTheGraphQLHost()
    {
        Assert.DoesNotContain("Son1kVers3.GraphQL", References(Infrastructure));
        Assert.DoesNotContain("GraphQL", References(Infrastructure));
    }
}
