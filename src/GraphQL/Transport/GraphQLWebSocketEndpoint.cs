using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.GraphQL.Transport;

/// <summary>
/// Upgrades /graphql WebSocket requests that ask for the graphql-transport-ws subprotocol and
/// runs one <see cref="GraphQLWebSocketConnection"/> per socket until it ends or the server stops.
/// A client address (after the trusted-proxy rule) or an instance at its socket limit is refused
/// before the upgrade with HTTP 429.
/// </summary>
public sealed class GraphQLWebSocketEndpoint(
    IServiceProvider services,
    WebSocketSettings settings,
    WebSocketConnectionLimits limits,
    TimeProvider clock,
    IOptionsMonitor<JwtBearerOptions> jwt,
    IHostApplicationLifetime lifetime,
    Application.Observability.AppMetrics metrics)
{
    public const string SubProtocol = "graphql-transport-ws";

    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.WebSocketRequestedProtocols.Contains(SubProtocol))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, $"WebSocket clients must ask for the '{SubProtocol}' subprotocol.");
            return;
        }

        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        using var slot = limits.TryOpen(address, out var refusal);
        if (slot is null)
        {
            context.Response.Headers.RetryAfter = "10";
            await RefuseAsync(context, StatusCodes.Status429TooManyRequests, ErrorCodes.TooManyConnections, refusal!);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(SubProtocol);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var connection = new GraphQLWebSocketConnection(socket, address, services, settings, clock, AuthenticateAsync, services.GetRequiredService<ILogger<GraphQLWebSocketConnection>>());
        metrics.WebSocketOpened();
        try
        {
            await connection.RunAsync(stop.Token, lifetime.ApplicationStopping);
        }
        finally
        {
            metrics.WebSocketClosed();
        }
    }

    private static Task RefuseAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { errors = new[] { new { message, extensions = new { code, traceId = Execution.TraceIds.Current(context) } } } });
    }

    /// <summary>The user of an "authorization: Bearer …" connection_init payload, and until when its token is accepted; null when it is invalid.</summary>
    private async Task<WebSocketUser?> AuthenticateAsync(string bearer)
    {
        var token = bearer.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? bearer["Bearer ".Length..].Trim() : bearer.Trim();
        var parameters = jwt.Get(JwtBearerDefaults.AuthenticationScheme).TokenValidationParameters;
        var result = await new JsonWebTokenHandler { MapInboundClaims = false }.ValidateTokenAsync(token, parameters);
        return result.IsValid && await Application.Accounts.AccessTokenChecks.IsLiveAsync(services, new ClaimsPrincipal(result.ClaimsIdentity), lifetime.ApplicationStopping)
            ? new WebSocketUser(ClaimsOnly(result.ClaimsIdentity), new DateTimeOffset(result.SecurityToken.ValidTo, TimeSpan.Zero) + parameters.ClockSkew)
            : null;
    }

    /// <summary>
    /// The token's claims alone, for the socket's whole life: the validated token (its text, header,
    /// payload and parsed claim set, ~3 KiB) is not kept for every open socket.
    /// </summary>
    private static ClaimsPrincipal ClaimsOnly(ClaimsIdentity identity) =>
        new(new ClaimsIdentity(
            identity.Claims.Select(c => new Claim(c.Type, c.Value, c.ValueType, c.Issuer, c.OriginalIssuer)),
            identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType));
}
