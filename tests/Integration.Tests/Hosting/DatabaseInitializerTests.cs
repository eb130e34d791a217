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
    public async Task Start_NeverPromotesAnAccountThatRegisteredTheAdminEmailFirst_AndLogsAnErrorNamingTheSetting()
    {
        var client = api.CreateClient();
        var adminEmail = Support.Accounts.NewEmail();
        var stranger = await client.RegisterAsync(adminEmail, "the stranger's password");
        var logs = new CapturedLogs();

        await using var server = logs.On(api.With(("ADMIN_EMAIL", adminEmail), ("ADMIN_PASSWORD", "the operator's password")));
        var serverClient = server.CreateClient(); // starts the server, which seeds

        var me = await serverClient.PostAsAsync(stranger.AccessToken, "{ me { role tools } }");
        Assert.Equal("USER", me.Data!["me"]!["role"]!.GetValue<string>());
        Assert.DoesNotContain("ADMIN_PANEL", me.Data!["me"]!["tools"]!.ToJsonString());
        var error = Assert.Single(logs.Lines, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Error && l.Text.Contains("ADMIN_EMAIL"));
        Assert.Contains("NOT promoted", error.Text);
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
