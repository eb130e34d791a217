using GraphQL.Types;

namespace Son1kVers3.GraphQL.Features.Accounts;

public sealed class DataExportType : ObjectGraphType<Media.DataExportLink>
{
    public DataExportType()
    {
        Name = "DataExport";
        Field<NonNullGraphType<StringGraphType>>("url").Description("GET it for the JSON file (an attachment); it works until expiresAt.").Resolve(c => c.Source.Url);
        Field<NonNullGraphType<DateTimeGraphType>>("expiresAt").Resolve(c => c.Source.ExpiresAt.UtcDateTime);
    }
}

public sealed record DeleteAccountInput(string? Password);

public sealed class DeleteAccountInputType : InputObjectGraphType<DeleteAccountInput>
{
    public DeleteAccountInputType()
    {
        Name = "DeleteAccountInput";
        Field<StringGraphType>("password").Description("Required when the account has a password.");
    }
}
