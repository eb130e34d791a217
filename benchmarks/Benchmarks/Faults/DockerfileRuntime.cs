namespace Son1kVers3.Benchmarks.Faults;

/// <summary>
/// The runtime environment the Dockerfile's image runs the server with, in one place for every
/// benchmark that starts servers "as the Dockerfile runs them" (see the Dockerfile's runtime stage).
/// DOTNET_TC_CallCountingDelayMs=0: on one CPU (the benchmarks pin the server with taskset) the
/// runtime otherwise waits 10 × 100 ms without a new method before it counts calls, so the server
/// ran tier-0 code for 30-40 s of load. It is read from the environment only, not runtimeconfig.json.
/// </summary>
internal static class DockerfileRuntime
{
    /// <summary>Adds the image's runtime settings to a server's <paramref name="settings"/> and returns them.</summary>
    public static Dictionary<string, string> AppliedTo(Dictionary<string, string> settings)
    {
        settings["DOTNET_TC_CallCountingDelayMs"] = "0";
        return settings;
    }
}
