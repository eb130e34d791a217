using System.Text.RegularExpressions;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Deploy;

/// <summary>The deploy files stay in step with the code (no Docker engine runs here to try them).</summary>
public class DeployFilesTests
{
    [Fact]
    public void ComposeFile_PassesEverySettingOfEnvExample_ToTheApi_WithoutAbortingWhenUnset()
    {
        var compose = ReadRepoFile("compose.yaml");
        var settings = Regex.Matches(ReadRepoFile("env.example"), @"^([A-Z][A-Z0-9_]*)=", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();

        var missing = settings.Where(key => !Regex.IsMatch(compose, $@"^      {key}: \$\{{{key}:-[^}}]*\}}$", RegexOptions.Multiline)).ToList();

        Assert.True(settings.Count > 50, "env.example lists the settings");
        Assert.True(missing.Count == 0, "compose.yaml's api service must pass these env.example settings, one line each:\n" +
            string.Join("\n", missing.Select(key => $"      {key}: ${{{key}:-}}")));
        Assert.DoesNotContain(":?", compose); // ${VAR:?} would abort `docker compose up -d postgres redis`
    }

    [Fact]
    public void Dockerfile_CopiesEveryProductProjectFile_BeforeItsRestore()
    {
        var dockerfile = ReadRepoFile("Dockerfile");
        var restore = dockerfile.IndexOf("RUN dotnet restore", StringComparison.Ordinal);
        var beforeRestore = dockerfile[..restore];
        var projects = Directory.GetFiles(Path.Combine(Repository.Root(), "src"), "*.csproj", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Repository.Root(), path).Replace('\\', '/'))
            .ToList();

        Assert.True(restore > 0, "the Dockerfile restores in a layer of its own");
        Assert.NotEmpty(projects);
        Assert.All(projects, project => Assert.Matches($@"(?m)^COPY {Regex.Escape(project)} ", beforeRestore));
        Assert.All(["global.json", "Directory.Build.props", "Directory.Packages.props"], file => Assert.Contains(file, beforeRestore));
    }

    [Fact]
    public void Dockerfile_RunsTheServerWithHotMethodsOptimisedFromTheFirstLoad_AsTheCompareBenchmarkDoes()
    {
        var dockerfile = ReadRepoFile("Dockerfile");
        var runtime = dockerfile[dockerfile.IndexOf("AS runtime", StringComparison.Ordinal)..];
        var benchmark = ReadRepoFile(Path.Combine("benchmarks", "Benchmarks", "Faults", "DockerfileRuntime.cs"));

        // Without it a one-CPU server waits (1 s per new method) before it counts calls, and ran tier-0 code for 30-40 s of load.
        Assert.Matches(@"(?m)^\s+DOTNET_TC_CallCountingDelayMs=0\b", runtime);
        Assert.Contains("[\"DOTNET_TC_CallCountingDelayMs\"] = \"0\"", benchmark);
        Assert.All(
            new[] { Path.Combine("Compare", "CompareBenchmark.cs"), Path.Combine("Scenarios", "FanoutBenchmark.cs") },
            settings => Assert.Contains("DockerfileRuntime.AppliedTo(", ReadRepoFile(Path.Combine("benchmarks", "Benchmarks", settings))));
    }

    private static string ReadRepoFile(string name) => File.ReadAllText(Path.Combine(Repository.Root(), name));
}
