using GraphQL.Types;
using Son1kVers3.Domain.Chat;
using Son1kVers3.GraphQL.Features.Errors;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.Chat;

public sealed class SendChatMessagePayloadType : ObjectGraphType<Payload<ChatMessage>>
{
    public SendChatMessagePayloadType()
    {
        Name = "SendChatMessagePayload";
        Field<ChatMessageType>("message").Resolve(c => c.Source.Value);
        this.AddErrorsField();
    }
}

public sealed class DeleteChatMessagePayloadType : ObjectGraphType<Payload<Guid>>
{
    public DeleteChatMessagePayloadType()
    {
        Name = "DeleteChatMessagePayload";
        Field<IdGraphType>("deletedMessageId").Resolve(c => c.Source.Errors.Count == 0 ? GlobalId.Encode(ChatMessageType.TypeName, c.Source.Value) : null);
        this.AddErrorsField();
    }
}

public sealed class ChatRoomPayloadType : ObjectGraphType<Payload<ChatRoom>>
{
    public ChatRoomPayloadType()
    {
        Name = "ChatRoomPayload";
        Field<ChatRoomType>("room").Resolve(c => c.Source.Value);
        this.AddErrorsField();
    }
}

public sealed class MuteChatUserPayloadType : ObjectGraphType<Payload<bool>>
{
    public MuteChatUserPayloadType()
    {
        Name = "MuteChatUserPayload";
        Field<NonNullGraphType<BooleanGraphType>>("ok").Resolve(c => c.Source.Errors.Count == 0);
        this.AddErrorsField();
    }
}
