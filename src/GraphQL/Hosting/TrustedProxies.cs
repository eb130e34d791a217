using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Son1kVers3.Application.Common;

namespace Son1kVers3.GraphQL.Hosting;

/// <summary>X-Forwarded-For is honoured only from the proxies in TRUSTED_PROXIES (IPs or CIDR ranges).</summary>
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
}
