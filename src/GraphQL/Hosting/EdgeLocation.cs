namespace Son1kVers3.GraphQL.Hosting;

/// <summary>The country and city the edge proxy tells (CF-IPCountry/X-Country-Code, CF-City/X-City), believed only from a trusted proxy.</summary>
public static class EdgeLocation
{
    public static (string? Country, string? City) Read(HttpContext context)
    {
        if (context.Features.Get<DirectPeer>()?.IsTrustedProxy != true)
        {
            return (null, null);
        }

        var headers = context.Request.Headers;
        return (First(headers, "CF-IPCountry", "X-Country-Code"), First(headers, "CF-City", "X-City"));
    }

    private static string? First(IHeaderDictionary headers, params string[] names) =>
        names.Select(n => headers[n].ToString()).FirstOrDefault(v => v.Length > 0);
}
