using GraphQL.Types;
using Son1kVers3.Application.Chat;

namespace Son1kVers3.GraphQL.Features.Chat;

public sealed class ChatMessageConnectionType : ObjectGraphType<ChatMessagePage>
{
    public ChatMessageConnectionType()
    {
        Name = "ChatMessageConnection";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ChatMessageEdgeType>>>>("edges").Resolve(c => c.Source.Items);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ChatMessageType>>>>("nodes").Resolve(c => c.Source.Items);
        Field<NonNullGraphType<Generations.PageInfoType>>("pageInfo").Resolve(c => new Generations.PageInfo(
            c.Source.HasNextPage,
            c.Source.HasPreviousPage,
            c.Source.Items.Count == 0 ? null : ChatCursor.Encode(c.Source.Items[0].Seq),
            c.Source.Items.Count == 0 ? null : ChatCursor.Encode(c.Source.Items[^1].Seq)));
    }
}
