using GraphQL.Types;
using Son1kVers3.Application.Clients;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Hosting;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.Clients;

public static class ClientMutations
{
    public static void AddClientMutations(this ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<RegisterClientPayloadType>>("registerClient")
            .Description("Called by the app on every start; counts the installation once per UTC day for the shared pool.")
            .Argument<NonNullGraphType<RegisterClientInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.Input<RegisterClientInput>();
                var http = c.Service<IHttpContextAccessor>().HttpContext!;
                var (country, city) = EdgeLocation.Read(http);
                var command = new RegisterClientCommand(
                    input.InstallId,
                    input.UserAgentGiven ? input.UserAgent : http.Request.Headers.UserAgent.ToString(),
                    country,
                    city,
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    (await c.CurrentUserAsync())?.Id);
                return Payload<ClientRegistration>.From(await c.Service<RegisterClient>().HandleAsync(command, c.CancellationToken));
            });
}
