using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Son1kVers3.Integration.Tests.Support;

public static class ServerWithClock
{
    /// <summary>A server on the same database whose clock the test controls.</summary>
    public static WebApplicationFactory<Program> WithClock(this ApiFactory api, TimeProvider clock, params (string Key, string? Value)[] settings) =>
        api.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        });
}
