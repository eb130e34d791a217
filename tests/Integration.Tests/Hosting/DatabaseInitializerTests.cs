using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Infrastructure;
using Son1kVers3.Infrastructure.Persistence;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Hosting;

[Collection(ApiCollection.Name)]
public class DatabaseInitializerTests(ApiFactory api)
{
    [Fact]
    public async Task Start_SeedsTheAdminAsAdmin_AndTheGeneralRoom_Once_EvenWhenInstancesStartTogether()
    {
        await api.ResetDataAsync();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => api.Services.InitializeDatabaseAsync()));

        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var admins = await db.Users.Where(u => u.Email == ApiFactory.AdminEmail).ToListAsync();
        Assert.Equal(Role.Admin, Assert.Single(admins).Role);
        Assert.Equal(1, await db.ChatRooms.CountAsync(r => r.Name == "general"));
    }

    [Fact]
    public async Task Migrations_AreAllApplied_AndMatchTheModel()
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes with no migration: run dotnet ef migrations add (see README).");
    }
}
