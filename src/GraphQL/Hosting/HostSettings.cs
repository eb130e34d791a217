using Son1kVers3.Application.Common;

namespace Son1kVers3.GraphQL.Hosting;

/// <summary>Where the server listens and who may call it from a browser.</summary>
public sealed record HostSettings(string Host, IReadOnlyList<string> CorsOrigins, PublicAddress Address)
{
    public const int DefaultPort = PublicAddress.DefaultPort;

    public int Port => Address.Port;

    public Uri? PublicUrl => Address.PublicUrl;

    public string ListenUrl => $"http://{Host}:{Port}";

    public static HostSettings Read(SettingsReader settings, bool isDevelopment)
    {
        var origins = settings.List("CORS_ORIGIN");
        foreach (var origin in origins.Where(o => !Uri.TryCreate(o, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https")))
        {
            settings.Fail("CORS_ORIGIN", $"must be a comma-separated list of http(s) origins; '{origin}' is not one");
        }

        return new HostSettings(settings.Text("HOST") ?? (isDevelopment ? "localhost" : "0.0.0.0"), origins, PublicAddress.Read(settings));
    }
}
