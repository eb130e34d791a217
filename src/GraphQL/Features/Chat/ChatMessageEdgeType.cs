using GraphQL.Types;
using Son1kVers3.Domain.Chat;

namespace Son1kVers3.GraphQL.Features.Chat;

public sealed class ChatMessageEdgeType : ObjectGraphType<ChatMessage>
{
    public ChatMessageEdgeType()
    {
        Name = "ChatMessageEdge";
        Field<NonNullGraphType<StringGraphType>>("cursor").Resolve(c => ChatCursor.Encode(c.Source.Seq));
        Field<NonNullGraphType<ChatMessageType>>("node").Resolve(c => c.Source);
    }
}
