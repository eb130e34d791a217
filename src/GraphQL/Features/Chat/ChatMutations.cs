using GraphQL.Types;
using Son1kVers3.Application.Chat;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Chat;
using Son1kVers3.Domain.Plans;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Features.Accounts;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.Chat;

public static class ChatMutations
{
    public static void AddChatMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<SendChatMessagePayloadType>>("sendChatMessage")
            .Description("Posts to a room: 1–2000 characters after trimming; rate-limited per user (CHAT_MESSAGES_PER_10_SECONDS, CHAT_MESSAGES_PER_HOUR).")
            .Argument<NonNullGraphType<SendChatMessageInputType>>("input")
            .RequireSignIn()
            .ResolveAsync(async c =>
            {
                var input = c.Input<SendChatMessageInput>();
                var roomId = GlobalId.Decode(input.RoomId, ChatRoomType.TypeName, "roomId");
                if (roomId.Error is { } notARoom)
                {
                    return Payload<ChatMessage>.Failed(notARoom);
                }

                var user = await c.SignedInUserAsync();
                var command = new SendChatMessageCommand(user.Id, roomId.Value, input.Text, input.ClientMessageId);
                return Payload<ChatMessage>.From(await c.Service<SendChatMessage>().HandleAsync(command, c.CancellationToken));
            });

        mutation.Field<NonNullGraphType<DeleteChatMessagePayloadType>>("deleteChatMessage")
            .Description("The author or an admin.")
            .Argument<NonNullGraphType<DeleteChatMessageInputType>>("input")
            .RequireSignIn()
            .ResolveAsync(async c =>
            {
                var messageId = GlobalId.Decode(c.Input<DeleteChatMessageInput>().MessageId, ChatMessageType.TypeName, "messageId");
                if (messageId.Error is { } notAMessage)
                {
                    return Payload<Guid>.Failed(notAMessage);
                }

                var user = await c.SignedInUserAsync();
                var command = new DeleteChatMessageCommand(user.Id, user.Role == Role.Admin, messageId.Value);
                return Payload<Guid>.From(await c.Service<DeleteChatMessage>().HandleAsync(command, c.CancellationToken));
            });

        mutation.Field<NonNullGraphType<ChatRoomPayloadType>>("createChatRoom")
            .Description("Admins only.")
            .Argument<NonNullGraphType<CreateChatRoomInputType>>("input")
            .RequireTool(Tool.AdminPanel)
            .ResolveAsync(async c => Payload<ChatRoom>.From(await c.Service<CreateChatRoom>().HandleAsync(c.Input<CreateChatRoomInput>().Name, c.CancellationToken)));

        mutation.Field<NonNullGraphType<ChatRoomPayloadType>>("updateChatRoom")
            .Description("Admins only: rename or archive (an archived room is read-only).")
            .Argument<NonNullGraphType<UpdateChatRoomInputType>>("input")
            .RequireTool(Tool.AdminPanel)
            .ResolveAsync(async c =>
            {
                var input = c.Input<UpdateChatRoomInput>();
                var roomId = GlobalId.Decode(input.RoomId, ChatRoomType.TypeName, "roomId");
                return roomId.Error is { } notARoom
                    ? Payload<ChatRoom>.Failed(notARoom)
                    : Payload<ChatRoom>.From(await c.Service<UpdateChatRoom>().HandleAsync(new UpdateChatRoomCommand(roomId.Value, input.Name, input.Archived), c.CancellationToken));
            });

        mutation.Field<NonNullGraphType<MuteChatUserPayloadType>>("muteChatUser")
            .Description("Admins only: the user may not post in the room until the time (a past time lifts the mute).")
            .Argument<NonNullGraphType<MuteChatUserInputType>>("input")
            .RequireTool(Tool.AdminPanel)
            .ResolveAsync(async c =>
            {
                var input = c.Input<MuteChatUserInput>();
                var roomId = GlobalId.Decode(input.RoomId, ChatRoomType.TypeName, "roomId");
                var userId = GlobalId.Decode(input.UserId, UserType.TypeName, "userId");
                if ((roomId.Error ?? userId.Error) is { } notAnId)
                {
                    return Payload<bool>.Failed(notAnId);
                }

                var admin = await c.SignedInUserAsync();
                var command = new MuteChatUserCommand(admin.Id, roomId.Value, userId.Value, input.UntilUtc);
                return Payload<bool>.From(await c.Service<MuteChatUser>().HandleAsync(command, c.CancellationToken));
            });
    }
}
