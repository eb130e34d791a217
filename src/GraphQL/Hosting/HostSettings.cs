using Son1kVers3.Application.Common;

namespace Son1kVers3.GraphQL.Hosting;

/// <summary>Where the server listens and who may call it from a browser.</summary>
public sealed record HostSettings(string Host, int Port, IReadOnlyList<string> CorsOrigins, Uri? PublicUrl)
{
    public const int DefaultPort = 3001;

    public string ListenUrl => $"http://{Host}:{Port}";

    public static HostSettings Read(SettingsReader settings, bool isDevelopment)
    {
        var origins = settings.List("CORS_ORIGIN");
        foreach (var origin in origins.Where(o => !Uri.TryCreate(o, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https")))
        {
            settings.Fail("CORS_ORIGIN", $"must be a comma-separated list of http(s) origins; '{origin}' is not one");
        }

        Uri? publicUrl = null;
        if (settings.Text("PUBLIC_URL") is { } raw && !Uri.TryCreate(raw, UriKind.Absolute, out publicUrl))
        {
            settings.Fail("PUBLIC_URL", $"must be an absolute URL such as https://api.example.com; got '{raw}'");
        }

        return new HostSettings(
            settings.Text("HOST") ?? (isDevelopment ? "localhost" : "0.0.0.0"),
            settings.Int("PORT", DefaultPort, min: 1, max: 65535),
            origins,
            publicUrl);
    }
}
