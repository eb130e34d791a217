using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Son1kVers3.Infrastructure.Persistence;

/// <summary>Lets `dotnet ef migrations add` build the model without starting the server.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args)
    {
        var url = Environment.GetEnvironmentVariable("DATABASE_URL") ?? DatabaseSettings.DefaultUrl;
        var options = new DbContextOptionsBuilder<AppDbContext>();
        AppDbContext.Configure(options, DatabaseSettings.ToConnectionString(url, out _));
        return new AppDbContext(options.Options);
    }
}
