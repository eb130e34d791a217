using System.Text;
using GraphQL.Types;
using Son1kVers3.Application.Accounts;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.GraphQL.Features.Generations;

namespace Son1kVers3.GraphQL.Features.Accounts;

/// <summary>Opaque cursors for users: base64 of "user:{id}".</summary>
public static class UserCursor
{
    private const string Prefix = "user:";

    public static string Encode(User user) => Convert.ToBase64String(Encoding.UTF8.GetBytes(Prefix + user.Id.ToString("N")));

    public static Guid? Decode(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            return text.StartsWith(Prefix, StringComparison.Ordinal) && Guid.TryParseExact(text[Prefix.Length..], "N", out var id) ? id : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

public sealed class UserEdgeType : ObjectGraphType<User>
{
    public UserEdgeType()
    {
        Name = "UserEdge";
        Field<NonNullGraphType<StringGraphType>>("cursor").Resolve(c => UserCursor.Encode(c.Source));
        Field<NonNullGraphType<UserType>>("node").Resolve(c => c.Source);
    }
}

public sealed class UserConnectionType : ObjectGraphType<UserPage>
{
    public UserConnectionType()
    {
        Name = "UserConnection";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserEdgeType>>>>("edges").Resolve(c => c.Source.Items);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserType>>>>("nodes").Resolve(c => c.Source.Items);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Resolve(c => new PageInfo(
            c.Source.HasNextPage,
            false,
            c.Source.Items.Count == 0 ? null : UserCursor.Encode(c.Source.Items[0]),
            c.Source.Items.Count == 0 ? null : UserCursor.Encode(c.Source.Items[^1])));
        Field<NonNullGraphType<IntGraphType>>("totalCount").Resolve(c => c.Source.TotalCount);
    }
}
