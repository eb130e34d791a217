using System.ComponentModel;

namespace Son1kVers3.Domain.Common;

/// <summary>The catalogue's codes of the transport: GraphQL errors and refused requests (see the other part).</summary>
public static partial class ErrorCodes
{
    // GraphQL errors (extensions.code).
    [Description("An argument or variable is invalid: a malformed id or cursor, a page size out of range, unsafe text.")]
    public const string BadUserInput = "BAD_USER_INPUT";

    [Description("Sign in first, or the access token is invalid or expired (HTTP 401).")]
    public const string Unauthenticated = "UNAUTHENTICATED";

    [Description("The document is not valid GraphQL syntax.")]
    public const string GraphQLParseFailed = "GRAPHQL_PARSE_FAILED";

    [Description("The document does not validate against the schema.")]
    public const string GraphQLValidationFailed = "GRAPHQL_VALIDATION_FAILED";

    [Description("The document passes a limit: depth, complexity, tokens, fields, aliases or fragments.")]
    public const string QueryTooComplex = "QUERY_TOO_COMPLEX";

    [Description("Introspection is off on this server.")]
    public const string IntrospectionDisabled = "INTROSPECTION_DISABLED";

    [Description("The operation ran longer than the server allows.")]
    public const string Timeout = "TIMEOUT";

    [Description("Too many of your mutations are running at once; retry when one has finished.")]
    public const string TooManyInFlight = "TOO_MANY_IN_FLIGHT";

    [Description("A subscription's event stream failed; subscribe again.")]
    public const string SubscriptionStreamFailed = "SUBSCRIPTION_STREAM_FAILED";

    [Description("A dependency (database, Redis) is unreachable right now; retry after `retryAfterSeconds`.")]
    public const string ServiceUnavailable = "SERVICE_UNAVAILABLE";

    [Description("A fault on the server; the traceId in extensions helps find it.")]
    public const string InternalServerError = "INTERNAL_SERVER_ERROR";

    [Description("The server does not know this persisted query hash: send the query text with it.")]
    public const string PersistedQueryNotFound = "PERSISTED_QUERY_NOT_FOUND";

    [Description("Automatic persisted queries are off on this server.")]
    public const string PersistedQueryNotSupported = "PERSISTED_QUERY_NOT_SUPPORTED";

    [Description("The query text does not match its sha256Hash.")]
    public const string PersistedQueryHashMismatch = "PERSISTED_QUERY_HASH_MISMATCH";

    [Description("This server runs only persisted documents: send a known document id or hash.")]
    public const string PersistedQueryRequired = "PERSISTED_QUERY_REQUIRED";

    // Refused HTTP requests, WebSocket upgrades and media links (error.code or errors[].extensions.code).
    [Description("The HTTP request is malformed, or names no or an unknown operation (HTTP 400).")]
    public const string BadRequest = "BAD_REQUEST";

    [Description("The request body is larger than the server accepts (HTTP 413).")]
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";

    [Description("The request's Content-Type is not one the server reads (HTTP 415).")]
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";

    [Description("Use GET for queries or POST for any operation; mutations only over POST (HTTP 405).")]
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";

    [Description("The Accept header lists no media type the server answers with (HTTP 406).")]
    public const string NotAcceptable = "NOT_ACCEPTABLE";

    [Description("A GET without a header forcing a CORS preflight, refused as possible cross-site request forgery (HTTP 400).")]
    public const string CsrfBlocked = "CSRF_BLOCKED";

    [Description("A WebSocket upgrade over the connection limits (HTTP 429).")]
    public const string TooManyConnections = "TOO_MANY_CONNECTIONS";

    [Description("The media link has expired: ask for a new one (HTTP 410).")]
    public const string MediaLinkExpired = "MEDIA_LINK_EXPIRED";

    [Description("Not a valid media link of this server (HTTP 403).")]
    public const string MediaLinkInvalid = "MEDIA_LINK_INVALID";

    [Description("Too many audio files are being fetched right now; retry in a second (HTTP 503).")]
    public const string MediaBusy = "MEDIA_BUSY";

    [Description("The audio file could not be fetched from the provider right now (HTTP 502).")]
    public const string MediaUnavailable = "MEDIA_UNAVAILABLE";
}
