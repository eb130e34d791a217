using Son1kVers3.Application.Common;

namespace Son1kVers3.GraphQL.Explorer;

/// <summary>
/// GRAPHQL_EXPLORER: serve the GraphiQL explorer to browsers at GET /graphql (default: on in
/// Development, off elsewhere). GRAPHQL_EXPLORER_ASSETS: the folder of its built assets
/// (default: explorer/ beside the server's binaries, where the build copies explorer/dist).
/// </summary>
public sealed record ExplorerSettings(bool Enabled, string AssetsFolder)
{
    public static ExplorerSettings Read(SettingsReader settings, bool isDevelopment) => new(
        Enabled: settings.Bool("GRAPHQL_EXPLORER", isDevelopment),
        AssetsFolder: Path.GetFullPath(settings.Text("GRAPHQL_EXPLORER_ASSETS") ?? Path.Combine(AppContext.BaseDirectory, "explorer")));
}
