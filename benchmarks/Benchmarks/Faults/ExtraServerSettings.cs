namespace Son1kVers3.Benchmarks.Faults;

/// <summary>
/// Server settings for one run, from an environment variable of the form "K=V;K2=V2" (e.g. FANOUT_SERVER_ENV,
/// GEN_SERVER_ENV), to measure a setting against the same build; the benchmark's own process keeps its environment.
/// </summary>
internal static class ExtraServerSettings
{
    public static string AddTo(Dictionary<string, string> settings, string variable)
    {
        var extra = Environment.GetEnvironmentVariable(variable) ?? "";
        foreach (var setting in extra.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = setting.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new InvalidOperationException($"{variable}: '{setting}' is not KEY=VALUE.");
            }

            settings[setting[..equals]] = setting[(equals + 1)..];
        }

        return extra;
    }
}
