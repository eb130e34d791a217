using GraphQL.Types;
using Son1kVers3.Domain.Chat;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.Chat;

public sealed record SendChatMessageInput(string RoomId, string Text, string? ClientMessageId);

public sealed class SendChatMessageInputType : InputObjectGraphType<SendChatMessageInput>
{
    public SendChatMessageInputType()
    {
        Name = "SendChatMessageInput";
        Field<NonNullGraphType<IdGraphType>>("roomId");
        Field<NonNullGraphType<StringGraphType>>("text");
        Field<StringGraphType>("clientMessageId").Description("Makes a retry return the first message instead of posting twice.");
    }
}

public sealed record DeleteChatMessageInput(string MessageId);

public sealed class DeleteChatMessageInputType : InputObjectGraphType<DeleteChatMessageInput>
{
    public DeleteChatMessageInputType()
    {
        Name = "DeleteChatMessageInput";
        Field<NonNullGraphType<IdGraphType>>("messageId");
    }
}

public sealed record CreateChatRoomInput(string Name);

public sealed class CreateChatRoomInputType : InputObjectGraphType<CreateChatRoomInput>
{
    public CreateChatRoomInputType()
    {
        Name = "CreateChatRoomInput";
        Field<NonNullGraphType<StringGraphType>>("name");
    }
}

public sealed record UpdateChatRoomInput(string RoomId, string? Name, bool? Archived);

public sealed class UpdateChatRoomInputType : InputObjectGraphType<UpdateChatRoomInput>
{
    public UpdateChatRoomInputType()
    {
        Name = "UpdateChatRoomInput";
        Field<NonNullGraphType<IdGraphType>>("roomId");
        Field<StringGraphType>("name");
        Field<BooleanGraphType>("archived");
    }
}

public sealed record MuteChatUserInput(string RoomId, string UserId, DateTime Until)
{
    /// <summary>The end of the mute in UTC; a time without an offset is taken as UTC.</summary>
    public DateTimeOffset UntilUtc => Until.Kind == DateTimeKind.Unspecified
        ? new DateTimeOffset(Until, TimeSpan.Zero)
        : new DateTimeOffset(Until.ToUniversalTime(), TimeSpan.Zero);
}

public sealed class MuteChatUserInputType : InputObjectGraphType<MuteChatUserInput>
{
    public MuteChatUserInputType()
    {
        Name = "MuteChatUserInput";
        Field<NonNullGraphType<IdGraphType>>("roomId");
        Field<NonNullGraphType<IdGraphType>>("userId");
        Field<NonNullGraphType<DateTimeGraphType>>("until");
    }
}

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
