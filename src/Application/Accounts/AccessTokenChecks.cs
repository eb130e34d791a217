using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Son1kVers3.Application.Abstractions;

namespace Son1kVers3.Application.Accounts;

/// <summary>
/// What a signed access token must still be worth, beyond its signature and lifetime: its user's
/// security stamp is current (claim stm), and the session it names (claim sid) was not ended.
/// The HTTP bearer handler and the WebSocket's connection_init both ask this.
/// </summary>
public static class AccessTokenChecks
{
    public const string StampClaim = "stm";
    public const string SessionClaim = "sid";

    public static async Task<bool> IsLiveAsync(IServiceProvider services, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(principal.FindFirst("sub")?.Value, out var userId)
            || !await services.GetRequiredService<ISecurityStamps>().IsCurrentAsync(userId, principal.FindFirst(StampClaim)?.Value, cancellationToken))
        {
            return false;
        }

        return !Guid.TryParseExact(principal.FindFirst(SessionClaim)?.Value, "N", out var sessionId)
            || await services.GetRequiredService<ISessionLiveness>().IsLiveAsync(sessionId, cancellationToken);
    }
}
