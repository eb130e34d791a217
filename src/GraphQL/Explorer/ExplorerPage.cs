using Microsoft.Extensions.FileProviders;

namespace Son1kVers3.GraphQL.Explorer;

/// <summary>
/// The GraphiQL explorer (explorer/ at the repository root, bundled by esbuild): the page at
/// GET /graphql for browsers, its scripts, styles, fonts and Monaco workers under
/// /graphql/explorer/. Everything comes from this server: no CDN, works offline.
/// </summary>
public sealed class ExplorerPage(ExplorerSettings settings)
{
    public const string AssetsPath = "/graphql/explorer";

    /// <summary>
    /// Scripts only from this server (no unsafe-inline, no unsafe-eval). Styles allow inline:
    /// Monaco writes style elements and style attributes at run time; CSS cannot run script.
    /// GraphiQL's stylesheet embeds its fonts as data: URLs. connect-src 'self' covers the
    /// same-origin WebSocket (ws:/wss:) of subscriptions.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; worker-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self' data:; " +
        "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public const string NotBuilt =
        "The GraphQL explorer is not built: run ./scripts/build-explorer.sh (npm ci and esbuild in explorer/), then rebuild and restart the server; ./run.sh does all of this.";

    public bool Enabled => settings.Enabled;

    private bool IsBuilt => File.Exists(Path.Combine(settings.AssetsFolder, "explorer.js"));

    public Task WriteAsync(HttpContext context)
    {
        var response = context.Response;
        response.Headers.CacheControl = "no-cache";
        if (!IsBuilt)
        {
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            response.ContentType = "text/plain; charset=utf-8";
            return response.WriteAsync(NotBuilt + "\n", context.RequestAborted);
        }

        response.ContentType = "text/html; charset=utf-8";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        return response.WriteAsync(Html(context.Request.PathBase + AssetsPath), context.RequestAborted);
    }

    private static string Html(string assets) => $"""
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>Son1kVers3 GraphQL explorer</title>
          <link rel="stylesheet" href="{assets}/explorer.css">
          <script type="module" src="{assets}/explorer.js"></script>
        </head>
        <body>
          <div id="graphiql">Loading the explorer…</div>
        </body>
        </html>
        """;

    /// <summary>Serves the built assets when the explorer is on and built; revalidated on each load (ETag).</summary>
    public static void UseExplorerAssets(WebApplication app)
    {
        var settings = app.Services.GetRequiredService<ExplorerSettings>();
        if (!settings.Enabled || !Directory.Exists(settings.AssetsFolder))
        {
            return;
        }

        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(settings.AssetsFolder),
            RequestPath = AssetsPath,
            OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "no-cache",
        });
    }
}
