using GraphQL.Types;
using Son1kVers3.Application.Clients;
using Son1kVers3.GraphQL.Features.TokenPool;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.Clients;

/// <summary>registerClient's input; <paramref name="UserAgentGiven"/> tells a userAgent left out (the request's header is used) from one given as null.</summary>
public sealed record RegisterClientInput(string InstallId, string? UserAgent, bool UserAgentGiven);

public sealed class RegisterClientInputType : InputObjectGraphType<RegisterClientInput>
{
    public RegisterClientInputType()
    {
        Name = "RegisterClientInput";
        Field<NonNullGraphType<StringGraphType>>("installId").Description("The random id the app created on first start and keeps in local storage.");
        Field<StringGraphType>("userAgent");
    }

    public override object ParseDictionary(IDictionary<string, object?> value) =>
        new RegisterClientInput((string)value["installId"]!, value.TryGetValue("userAgent", out var userAgent) ? (string?)userAgent : null, value.ContainsKey("userAgent"));
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
