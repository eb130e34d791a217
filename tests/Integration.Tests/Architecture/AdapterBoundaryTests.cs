using System.Xml.Linq;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Architecture;

/// <summary>Each adapter's details stay in its own folder; the ports and the Application layer speak only of the product.</summary>
public class AdapterBoundaryTests
{
    private static readonly string Root = Repository.Root();

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Root, path).Replace('\\', '/'))
            .Where(path => !path.Split('/').Any(part => part is "bin" or "obj"));

    [Fact]
    public void TheApplicationLayer_IsBuiltWithoutTheAspNetCoreFramework()
    {
        var project = XDocument.Load(Path.Combine(Root, "src/Application/Son1kVers3.Application.csproj"));
        var frameworks = project.Descendants("FrameworkReference").Select(f => (string?)f.Attribute("Include")).ToList();
        var application = typeof(Son1kVers3.Application.DependencyInjection).Assembly;

        Assert.Empty(frameworks);
        Assert.DoesNotContain(application.GetReferencedAssemblies(), a => a.Name!.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public void StackExchangeRedis_IsUsedOnlyInTheRedisFolder()
    {
        var outside = SourceFiles()
            .Where(path => !path.StartsWith("src/Infrastructure/Redis/", StringComparison.Ordinal))
            .Where(path => File.ReadAllText(Path.Combine(Root, path)).Contains("using StackExchange.Redis;", StringComparison.Ordinal))
            .ToList();

        Assert.True(outside.Count == 0, "Redis code belongs in src/Infrastructure/Redis: " + string.Join(", ", outside));
    }

    [Fact]
    public void PublicUrl_IsReadOnce_ByPublicAddress()
    {
        var readers = SourceFiles()
            .Where(path => File.ReadAllText(Path.Combine(Root, path)).Contains("\"PUBLIC_URL\"", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(["src/Application/Common/PublicAddress.cs"], readers);
    }

    [Fact]
    public void TheMusicProviderPort_SpeaksOnlyOfMusic_WithoutACallbackUrl()
    {
        var parameters = typeof(IMusicProvider).GetMethods().SelectMany(m => m.GetParameters()).ToList();

        Assert.DoesNotContain(parameters, p => p.Name!.Contains("url", StringComparison.OrdinalIgnoreCase) || p.Name.Contains("callback", StringComparison.OrdinalIgnoreCase));
        Assert.All(parameters, p => Assert.Contains(p.ParameterType, new[] { typeof(Son1kVers3.Domain.Generations.GenerationRequest), typeof(string), typeof(CancellationToken) }));
    }
}
