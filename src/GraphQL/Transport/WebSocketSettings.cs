using Son1kVers3.Application.Common;

namespace Son1kVers3.GraphQL.Transport;

/// <summary>
/// The limits of the graphql-transport-ws endpoint: per message, per socket (operations, inbound
/// message rate, bytes waiting to be sent) and per instance (sockets per client address, in total).
/// </summary>
public sealed record WebSocketSettings(
    TimeSpan ConnectionInitTimeout,
    int MaxMessageBytes,
    int MaxOperationsPerConnection,
    int MaxMessagesPerSecond,
    int MessageBurst,
    int MaxQueuedBytes,
    int MaxConnections,
    int MaxConnectionsPerAddress)
{
    /// <summary>A ping payload up to this size (serialized) is echoed in the pong; a larger one gets an empty pong.</summary>
    public const int MaxEchoedPingPayloadBytes = 256;

    /// <summary>How long a peer has to answer our close frame (or to read what is queued before it) before the socket is aborted.</summary>
    public static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(2);

    public static WebSocketSettings Read(SettingsReader settings) => new(
        TimeSpan.FromMilliseconds(settings.Int("GRAPHQL_WS_INIT_TIMEOUT_MS", 3000, min: 50, max: 600_000)),
        settings.Int("GRAPHQL_WS_MAX_MESSAGE_BYTES", 64 * 1024, min: 1024, max: 16 * 1024 * 1024),
        settings.Int("GRAPHQL_WS_MAX_OPERATIONS", 100, min: 1, max: 10_000),
        settings.Int("GRAPHQL_WS_MAX_MESSAGES_PER_SECOND", 10, min: 1, max: 1_000_000),
        settings.Int("GRAPHQL_WS_MESSAGE_BURST", 50, min: 1, max: 1_000_000),
        settings.Int("GRAPHQL_WS_MAX_QUEUED_BYTES", 1024 * 1024, min: 4 * 1024, max: 256 * 1024 * 1024),
        settings.Int("GRAPHQL_WS_MAX_CONNECTIONS", 2000, min: 1, max: 1_000_000),
        settings.Int("GRAPHQL_WS_MAX_CONNECTIONS_PER_ADDRESS", 20, min: 1, max: 1_000_000));
}
