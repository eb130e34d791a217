namespace Son1kVers3.GraphQL.Hosting;

/// <summary>This server's origin as clients reach it: PUBLIC_URL when set, else the request's own scheme and host.</summary>
public static class PublicOrigin
{
    public static string Of(HostSettings host, HttpContext? context) =>
        host.PublicUrl?.ToString().TrimEnd('/') ?? $"{context?.Request.Scheme}://{context?.Request.Host}";
}
