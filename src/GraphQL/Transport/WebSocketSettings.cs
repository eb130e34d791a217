using Son1kVers3.Application.Common;

namespace Son1kVers3.GraphQL.Transport;

public sealed record WebSocketSettings(TimeSpan ConnectionInitTimeout, int MaxMessageBytes, int MaxOperationsPerConnection)
{
    public static WebSocketSettings Read(SettingsReader settings) => new(
        TimeSpan.FromMilliseconds(settings.Int("GRAPHQL_WS_INIT_TIMEOUT_MS", 3000, min: 50, max: 600_000)),
        settings.Int("GRAPHQL_WS_MAX_MESSAGE_BYTES", 64 * 1024, min: 1024, max: 16 * 1024 * 1024),
        settings.Int("GRAPHQL_WS_MAX_OPERATIONS", 100, min: 1, max: 10_000));
}
