using GraphQLParser.AST;
using Microsoft.AspNetCore.Authentication;
using Son1kVers3.Domain.Common;
using Son1kVers3.GraphQL.Execution;

namespace Son1kVers3.GraphQL.Transport;

/// <summary>The rules of GraphQL over HTTP that a WebSocket does not have, as <see cref="OperationRefusal"/>s for <see cref="OperationRunner"/>.</summary>
public static class HttpAdmission
{
    public const string CsrfBlocked = ErrorCodes.CsrfBlocked;

    private static readonly string[] PreflightHeaders = ["GraphQL-Require-Preflight", "Apollo-Require-Preflight", "X-Apollo-Operation-Name"];

    /// <summary>Preflight (when required), then the bearer token.</summary>
    public static async ValueTask<OperationRefusal?> CheckAsync(HttpContext context, bool requirePreflight) =>
        (requirePreflight ? CheckPreflight(context.Request) : null) ?? await CheckAuthenticationAsync(context);

    /// <summary>Mutations only over POST; subscriptions only over WebSocket.</summary>
    public static OperationRefusal? Allows(OperationType? type, bool isGet) => type switch
    {
        OperationType.Mutation when isGet => new OperationRefusal(OperationRefusal.MethodNotAllowed, "Mutations are not allowed over GET: send them with POST."),
        OperationType.Subscription => new OperationRefusal(
            OperationRefusal.BadRequest, "Subscriptions are served over WebSocket at /graphql (protocol graphql-transport-ws), not over HTTP."),
        _ => null,
    };

    /// <summary>A request that presents a bearer token must present a valid one: 401 tells the client to refresh.</summary>
    private static async Task<OperationRefusal?> CheckAuthenticationAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization.Count == 0 || (await context.AuthenticateAsync()).Succeeded)
        {
            return null;
        }

        context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        return new OperationRefusal(OperationRefusal.Unauthenticated, "The access token is invalid or expired: refresh it with refreshToken, or sign in again.");
    }

    /// <summary>
    /// Opt-in (GRAPHQL_REQUIRE_PREFLIGHT): a GET must carry a header that forces a CORS preflight.
    /// This server authenticates with bearer tokens only, never cookies, so a forged GET carries
    /// no authority and GET queries are allowed by default.
    /// </summary>
    private static OperationRefusal? CheckPreflight(HttpRequest http) =>
        PreflightHeaders.Any(h => http.Headers[h].ToString().Length > 0)
            ? null
            : new OperationRefusal(
                CsrfBlocked,
                "This GET request was blocked as a possible cross-site request forgery: add the header 'GraphQL-Require-Preflight: 1', or use POST with Content-Type: application/json.");
}
