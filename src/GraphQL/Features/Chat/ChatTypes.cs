using GraphQL.Types;

namespace Son1kVers3.GraphQL.Features.Chat;

public sealed class SendChatMessageInputType : InputObjectGraphType
{
    public SendChatMessageInputType()
    {
        Name = "SendChatMessageInput";
        Field<NonNullGraphType<IdGraphType>>("roomId");
        Field<NonNullGraphType<StringGraphType>>("text");
        Field<StringGraphType>("clientMessageId").Description("Makes a retry return the first message instead of posting twice.");
    }
}

public sealed class DeleteChatMessageInputType : InputObjectGraphType
{
    public DeleteChatMessageInputType()
    {
        Name = "DeleteChatMessageInput";
        Field<NonNullGraphType<IdGraphType>>("messageId");
    }
}

public sealed class CreateChatRoomInputType : InputObjectGraphType
{
    public CreateChatRoomInputType()
    {
        Name = "CreateChatRoomInput";
        Field<NonNullGraphType<StringGraphType>>("name");
    }
}

public sealed class UpdateChatRoomInputType : InputObjectGraphType
{
    public UpdateChatRoomInputType()
    {
        Name = "UpdateChatRoomInput";
        Field<NonNullGraphType<IdGraphType>>("roomId");
        Field<StringGraphType>("name");
        Field<BooleanGraphType>("archived");
    }
}

public sealed class MuteChatUserInputType : InputObjectGraphType
{
    public MuteChatUserInputType()
    {
        Name = "MuteChatUserInput";
        Field<NonNullGraphType<IdGraphType>>("roomId");
        Field<NonNullGraphType<IdGraphType>>("userId");
        Field<NonNullGraphType<DateTimeGraphType>>("until");
    }
}
