namespace Son1kVers3.GraphQL.Hosting;

/// <summary>
/// <c>dotnet Son1kVers3.GraphQL.dll --healthcheck</c>: asks the server running beside it (PORT,
/// on loopback unless HOST names one address) for <c>/health/live</c> and exits 0 on a 2xx, 1
/// otherwise. The container image's HEALTHCHECK uses it, because the ASP.NET Core runtime image
/// has neither curl nor wget. It starts no host, reads no configuration file and opens no database.
/// </summary>
public static class HealthProbe
{
    public const string Argument = "--healthcheck";
    public const string Path = "/health/live";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Argument;

    public static async Task<int> RunAsync()
    {
        var url = ProbeUrl(Environment.GetEnvironmentVariable("HOST"), Environment.GetEnvironmentVariable("PORT"));
        try
        {
            using var client = new HttpClient { Timeout = Timeout };
            using var response = await client.GetAsync(url);
            Console.WriteLine($"{url}: {(int)response.StatusCode}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            Console.WriteLine($"{url}: {ex.Message}");
            return 1;
        }
    }

    /// <summary>The address the server listens on, as seen from the same machine.</summary>
    public static Uri ProbeUrl(string? host, string? port)
    {
        var listensOnEveryAddress = string.IsNullOrWhiteSpace(host) || host.Trim() is "0.0.0.0" or "::" or "[::]" or "*" or "+" or "localhost";
        var address = listensOnEveryAddress ? "127.0.0.1" : host!.Trim();
        if (address.Contains(':') && !address.StartsWith('['))
        {
            address = $"[{address}]";
        }

        return new Uri($"http://{address}:{(int.TryParse(port, System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : HostSettings.DefaultPort)}{Path}");
    }
}
