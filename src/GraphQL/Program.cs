using Son1kVers3.Application;
using Son1kVers3.Application.Common;
using Son1kVers3.GraphQL;
using Son1kVers3.GraphQL.Features.Media;
using Son1kVers3.GraphQL.Hosting;
using Son1kVers3.GraphQL.Observability;
using Son1kVers3.Infrastructure;
using Son1kVers3.Infrastructure.Stripe;
using Son1kVers3.Infrastructure.Suno;

if (HealthProbe.IsRequested(args))
{
    return await HealthProbe.RunAsync();
}

var (command, usageError) = PersistedImportCommand.Parse(args);
if (usageError is not null)
{
    Console.Error.WriteLine(usageError);
    return 2;
}

try
{
    var builder = WebApplication.CreateBuilder(command is null ? args : []);
    var settings = new SettingsReader(builder.Configuration);
    var host = HostSettings.Read(settings, builder.Environment.IsDevelopment());
    var observability = builder.AddObservability(settings);
    builder.WebHost.UseUrls(observability.MetricsPort > 0 ? [host.ListenUrl, $"http://{host.Host}:{observability.MetricsPort}"] : [host.ListenUrl]);
    builder.Services
        .AddApplication(settings, host.Address)
        .AddInfrastructure(settings, host.Address)
        .AddGraphQLApi(settings, host, builder.Environment);
    settings.ThrowIfInvalid();

    var app = builder.Build();
    await app.Services.InitializeDatabaseAsync();
    if (command is not null)
    {
        return await command.RunAsync(app.Services, Console.Out, Console.Error);
    }

    app.UseGraphQLApi();
    app.MapMetricsEndpoint();
    app.MapProviderEndpoints();
    app.MapMediaEndpoint();
    app.MapStripeWebhook();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is InvalidSettingsException or StartupFailedException)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
