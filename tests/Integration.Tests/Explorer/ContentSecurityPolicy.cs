namespace Son1kVers3.Integration.Tests.Explorer;

public static class ContentSecurityPolicy
{
    /// <summary>The sources of one directive of a Content-Security-Policy header ("" when absent).</summary>
    public static string Directive(string policy, string name) =>
        policy.Split(';', StringSplitOptions.TrimEntries)
            .Where(d => d.StartsWith(name + " ", StringComparison.Ordinal))
            .Select(d => d[(name.Length + 1)..].Trim())
            .SingleOrDefault() ?? "";
}
