using GraphQL;
using GraphQL.Types;
using Son1kVers3.Domain.Chat;
using Son1kVers3.Domain.Common;
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
            .Description($"Newest first; at most {Application.Chat.ChatQueries.MaxPage} per page (20 by default). first/after pages towards older messages, last/before towards newer ones. Cursors are stable while new messages arrive.")
            .Argument<IntGraphType>("first")
            .Argument<StringGraphType>("after")
            .Argument<IntGraphType>("last")
            .Argument<StringGraphType>("before")
            .ResolveAsync(async c =>
            {
                var first = c.GetArgument<int?>("first");
                var last = c.GetArgument<int?>("last");
                var after = ChatCursor.Decode(c.GetArgument<string?>("after"), "after");
                var before = ChatCursor.Decode(c.GetArgument<string?>("before"), "before");
                if ((first is not null || after is not null) && (last is not null || before is not null))
                {
                    throw new ExecutionError("first/after and last/before page in opposite directions: use one pair.") { Code = ErrorCodes.BadUserInput };
                }

                var queries = c.Service<Application.Chat.ChatQueries>();
                return last is not null || before is not null
                    ? await queries.PageBackwardAsync(c.Source.Id, PageSize(last, "last"), before, c.CancellationToken)
                    : await queries.PageAsync(c.Source.Id, PageSize(first, "first"), after, c.CancellationToken);
            });
    }

    private static int PageSize(int? size, string argument) => size switch
    {
        null => 20,
        < 0 or > Application.Chat.ChatQueries.MaxPage => throw new ExecutionError($"{argument}: must be 0–{Application.Chat.ChatQueries.MaxPage}.") { Code = ErrorCodes.BadUserInput },
        { } n => n,
    };
}
