using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Son1kVers3.Application.Common;

namespace Son1kVers3.GraphQL.Hosting;

/// <summary>
/// Forwarding headers (X-Forwarded-For/-Proto) and the edge's location headers are believed only
/// when the direct peer is in TRUSTED_PROXIES (IPs or CIDR ranges). The X-Forwarded-For chain is
/// walked right to left and stops at the first hop that is not a trusted proxy. With the list
/// empty (the default) no forwarding header is believed at all.
/// </summary>
public static class TrustedProxies
{
    public static void AddTrustedProxies(this IServiceCollection services, SettingsReader settings)
    {
        var proxies = new List<IPAddress>();
        var networks = new List<System.Net.IPNetwork>();
        foreach (var entry in settings.List("TRUSTED_PROXIES"))
        {
            if (System.Net.IPNetwork.TryParse(entry, out var network) && entry.Contains('/'))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                proxies.Add(address);
            }
            else
            {
                settings.Fail("TRUSTED_PROXIES", $"must be a comma-separated list of IP addresses or CIDR ranges; '{entry}' is neither");
            }
        }

        services.AddSingleton(new TrustedProxyList(proxies, networks));
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            proxies.ForEach(options.KnownProxies.Add);
            networks.ForEach(options.KnownIPNetworks.Add);
            options.ForwardLimit = null;
        });
    }

    /// <summary>
    /// Records whether the direct peer is a trusted proxy (for the edge's location headers), then
    /// applies X-Forwarded-For. ASP.NET Core's middleware trusts every peer when its lists are
    /// empty, so it runs only when TRUSTED_PROXIES names someone.
    /// </summary>
    public static void UseTrustedProxies(this WebApplication app)
    {
        var trusted = app.Services.GetRequiredService<TrustedProxyList>();
        app.Use((context, next) =>
        {
            context.Features.Set(new DirectPeer(trusted.Contains(context.Connection.RemoteIpAddress)));
            return next(context);
        });
        if (!trusted.IsEmpty)
        {
            app.UseForwardedHeaders();
        }
    }
}

/// <summary>The proxies named in TRUSTED_PROXIES.</summary>
public sealed class TrustedProxyList(IReadOnlyList<IPAddress> proxies, IReadOnlyList<System.Net.IPNetwork> networks)
{
    public bool IsEmpty => proxies.Count == 0 && networks.Count == 0;

    public bool Contains(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return proxies.Contains(address) || networks.Any(n => n.Contains(address));
    }
}

/// <summary>Whether the request's direct peer (before X-Forwarded-For) is a trusted proxy.</summary>
public sealed record DirectPeer(bool IsTrustedProxy);
