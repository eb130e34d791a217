using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using System.Security.Claims;

namespace Son1kVers3.GraphQL.Transport;

/// <summary>
/// Upgrades /graphql WebSocket requests that ask for the graphql-transport-ws subprotocol and
/// runs one <see cref="GraphQLWebSocketConnection"/> per socket until it ends or the server stops.
/// </summary>
public sealed class GraphQLWebSocketEndpoint(
    IServiceProvider services,
    WebSocketSettings settings,
    IOptionsMonitor<JwtBearerOptions> jwt,
    IHostApplicationLifetime lifetime)
{
    public const string SubProtocol = "graphql-transport-ws";

    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.WebSocketRequestedProtocols.Contains(SubProtocol))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new { errors = new[] { new { message = $"WebSocket clients must ask for the '{SubProtocol}' subprotocol.", extensions = new { code = "BAD_REQUEST" } } } });
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(SubProtocol);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var connection = new GraphQLWebSocketConnection(socket, address, services, settings, AuthenticateAsync, services.GetRequiredService<ILogger<GraphQLWebSocketConnection>>());
        await connection.RunAsync(stop.Token, lifetime.ApplicationStopping);
    }

    /// <summary>The user of an "authorization: Bearer …" connection_init payload; null when it is invalid.</summary>
    private async Task<ClaimsPrincipal?> AuthenticateAsync(string bearer)
    {
        var token = bearer.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? bearer["Bearer ".Length..].Trim() : bearer.Trim();
        var result = await new JsonWebTokenHandler { MapInboundClaims = false }
            .ValidateTokenAsync(token, jwt.Get(JwtBearerDefaults.AuthenticationScheme).TokenValidationParameters);
        return result.IsValid ? new ClaimsPrincipal(result.ClaimsIdentity) : null;
    }
}
