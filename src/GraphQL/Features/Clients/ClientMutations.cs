using GraphQL.Types;
using Son1kVers3.Application.Clients;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Features.Errors;
using Son1kVers3.GraphQL.Features.TokenPool;
using Son1kVers3.GraphQL.Hosting;

namespace Son1kVers3.GraphQL.Features.Clients;

public sealed class RegisterClientInputType : InputObjectGraphType
{
    public RegisterClientInputType()
    {
        Name = "RegisterClientInput";
        Field<NonNullGraphType<StringGraphType>>("installId").Description("The random id the app created on first start and keeps in local storage.");
        Field<StringGraphType>("userAgent");
    }
}

public sealed class RegisterClientPayloadType : ObjectGraphType<Payload<ClientRegistration>>
{
    public RegisterClientPayloadType()
    {
        Name = "RegisterClientPayload";
        Field<NonNullGraphType<BooleanGraphType>>("newToday")
            .Description("True when this start counted the client for today's pool (its first start of the UTC day).")
            .Resolve(c => c.Source.Value?.NewToday ?? false);
        Field<TokenPoolType>("pool").Resolve(c => c.Source.Value?.Pool);
        this.AddErrorsField();
    }
}

public static class RegisterClientMutation
{
    public static void AddClientMutations(this ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<RegisterClientPayloadType>>("registerClient")
            .Description("Called by the app on every start; counts the installation once per UTC day for the shared pool.")
            .Argument<NonNullGraphType<RegisterClientInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.Input();
                var http = c.Service<IHttpContextAccessor>().HttpContext!;
                var (country, city) = EdgeLocation.Read(http);
                var command = new RegisterClientCommand(
                    (string)input["installId"]!,
                    input.TryGetValue("userAgent", out var ua) ? (string?)ua : http.Request.Headers.UserAgent.ToString(),
                    country,
                    city,
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    (await c.CurrentUserAsync())?.Id);
                return Payload<ClientRegistration>.From(await c.Service<RegisterClient>().HandleAsync(command, c.CancellationToken));
            });
}
