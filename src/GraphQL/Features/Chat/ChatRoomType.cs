using GraphQL;
using GraphQL.Types;
using Son1kVers3.Application.Chat;
using Son1kVers3.Domain.Chat;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.Chat;

public sealed class ChatRoomType : ObjectGraphType<ChatRoom>
{
    public const string TypeName = "ChatRoom";

    public ChatRoomType()
    {
        Name = TypeName;
        Interface<NodeInterface>();
        IsTypeOf = o => o is ChatRoom;
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => GlobalId.Encode(TypeName, c.Source.Id));
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<BooleanGraphType>>("archived").Resolve(c => c.Source.Archived);
        Field<NonNullGraphType<ChatMessageConnectionType>>("messages")
            .Description($"Newest first; at most {ChatQueries.MaxPage} per page (20 by default). Cursors are stable while new messages arrive.")
            .Argument<IntGraphType>("first")
            .Argument<StringGraphType>("after")
            .ResolveAsync(async c =>
            {
                var first = c.GetArgument<int?>("first") ?? 20;
                if (first is < 0 or > ChatQueries.MaxPage)
                {
                    throw new ExecutionError($"first: must be 0–{ChatQueries.MaxPage}.") { Code = "BAD_USER_INPUT" };
                }

                var after = ChatCursor.Decode(c.GetArgument<string?>("after"), "after");
                return await c.Service<ChatQueries>().PageAsync(c.Source.Id, first, after, c.CancellationToken);
            });
    }
}
