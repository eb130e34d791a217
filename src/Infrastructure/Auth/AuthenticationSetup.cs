using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Son1kVers3.Application.Accounts;

namespace Son1kVers3.Infrastructure.Auth;

internal static class AuthenticationSetup
{
    /// <summary>Bearer tokens: HS256 only (alg "none" and every other algorithm refused), our issuer and audience, unexpired.</summary>
    public static void AddJwtAuthentication(this IServiceCollection services, JwtSettings settings)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    IssuerSigningKey = JwtAccessTokenIssuer.SigningKey(settings),
                    ValidIssuer = JwtSettings.Issuer,
                    ValidAudience = JwtSettings.Audience,
                    ValidateIssuerSigningKey = true,
                    RequireSignedTokens = true,
                    RequireExpirationTime = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = "sub",
                };
                // A token issued before the user's stamp changed (reset, password change, suspension, deletion),
                // or whose session was ended (revokeSession, logout), is refused at once.
                options.Events = new JwtBearerEvents
                {
                    OnTokenValidated = async context =>
                    {
                        if (context.Principal is null
                            || !await AccessTokenChecks.IsLiveAsync(context.HttpContext.RequestServices, context.Principal, context.HttpContext.RequestAborted))
                        {
                            context.Fail("The session was ended: sign in again.");
                        }
                    },
                };
            });

        // Token lifetimes are judged by the same clock as everything else (tests move it).
        services.AddSingleton<CachingTokenHandler>();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TimeProvider, CachingTokenHandler>((options, clock, handler) =>
        {
            options.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, parameters) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                var skew = parameters.ClockSkew;
                return expires is not null && now < expires.Value + skew && (notBefore is null || notBefore.Value <= now + skew);
            };
            handler.MapInboundClaims = false;
            options.TokenHandlers.Clear();
            options.TokenHandlers.Add(handler);
        });
    }
}
