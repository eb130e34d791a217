using GraphQL.Types;
using Son1kVers3.Domain.Chat;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Features.Accounts;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.Chat;

public sealed class ChatMessageType : ObjectGraphType<ChatMessage>
{
    public const string TypeName = "ChatMessage";

    public ChatMessageType()
    {
        Name = TypeName;
        Interface<NodeInterface>();
        IsTypeOf = o => o is ChatMessage;
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => GlobalId.Encode(TypeName, c.Source.Id));
        Field<NonNullGraphType<ChatRoomType>>("room").Resolve(c => c.Service<ChatLoaders>().Room(c.Source.RoomId));
        Field<NonNullGraphType<UserType>>("author").Resolve(c => c.Service<ChatLoaders>().Author(c.Source.AuthorId));
        Field<NonNullGraphType<StringGraphType>>("text").Resolve(c => c.Source.Text);
        Field<NonNullGraphType<DateTimeGraphType>>("createdAt").Resolve(c => c.Source.CreatedAt.UtcDateTime);
    }
}
