using GraphQL;
using GraphQL.Types;
using Son1kVers3.Application.Chat;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Chat;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Plans;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Features.Accounts;
using Son1kVers3.GraphQL.Features.Errors;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.Chat;

public static class ChatFields
{
    public static void AddChatQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ChatRoomType>>>>("chatRooms")
            .Description("Every room, archived ones too (read-only).")
            .RequireSignIn()
            .ResolveAsync(async c => await c.Service<ChatQueries>().RoomsAsync(c.CancellationToken));

        query.Field<ChatRoomType>("chatRoom")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .RequireSignIn()
            .ResolveAsync(async c => GlobalId.Decode(c.GetArgument<string>("id"), ChatRoomType.TypeName) is { } id
                ? await c.Service<ChatQueries>().RoomAsync(id, c.CancellationToken)
                : null);
    }

    public static void AddChatMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<SendChatMessagePayloadType>>("sendChatMessage")
            .Description("Posts to a room: 1–2000 characters after trimming; rate-limited per user (CHAT_MESSAGES_PER_10_SECONDS, CHAT_MESSAGES_PER_HOUR).")
            .Argument<NonNullGraphType<SendChatMessageInputType>>("input")
            .RequireSignIn()
            .ResolveAsync(async c =>
            {
                var input = c.Input();
                if (Id(input, "roomId", ChatRoomType.TypeName) is not { } roomId)
                {
                    return Invalid<ChatMessage>("roomId", "is not a ChatRoom id.");
                }

                var user = await c.SignedInUserAsync();
                var command = new SendChatMessageCommand(user.Id, roomId, (string)input["text"]!, Optional(input, "clientMessageId") as string);
                return Payload<ChatMessage>.From(await c.Service<SendChatMessage>().HandleAsync(command, c.CancellationToken));
            });

        mutation.Field<NonNullGraphType<DeleteChatMessagePayloadType>>("deleteChatMessage")
            .Description("The author or an admin.")
            .Argument<NonNullGraphType<DeleteChatMessageInputType>>("input")
            .RequireSignIn()
            .ResolveAsync(async c =>
            {
                if (Id(c.Input(), "messageId", ChatMessageType.TypeName) is not { } messageId)
                {
                    return Invalid<Guid>("messageId", "is not a ChatMessage id.");
                }

                var user = await c.SignedInUserAsync();
                var command = new DeleteChatMessageCommand(user.Id, user.Role == Role.Admin, messageId);
                return Payload<Guid>.From(await c.Service<DeleteChatMessage>().HandleAsync(command, c.CancellationToken));
            });

        mutation.Field<NonNullGraphType<ChatRoomPayloadType>>("createChatRoom")
            .Description("Admins only.")
            .Argument<NonNullGraphType<CreateChatRoomInputType>>("input")
            .RequireTool(Tool.AdminPanel)
            .ResolveAsync(async c => Payload<ChatRoom>.From(await c.Service<CreateChatRoom>().HandleAsync((string)c.Input()["name"]!, c.CancellationToken)));

        mutation.Field<NonNullGraphType<ChatRoomPayloadType>>("updateChatRoom")
            .Description("Admins only: rename or archive (an archived room is read-only).")
            .Argument<NonNullGraphType<UpdateChatRoomInputType>>("input")
            .RequireTool(Tool.AdminPanel)
            .ResolveAsync(async c =>
            {
                var input = c.Input();
                if (Id(input, "roomId", ChatRoomType.TypeName) is not { } roomId)
                {
                    return Invalid<ChatRoom>("roomId", "is not a ChatRoom id.");
                }

                var command = new UpdateChatRoomCommand(roomId, Optional(input, "name") as string, Optional(input, "archived") as bool?);
                return Payload<ChatRoom>.From(await c.Service<UpdateChatRoom>().HandleAsync(command, c.CancellationToken));
            });

        mutation.Field<NonNullGraphType<MuteChatUserPayloadType>>("muteChatUser")
            .Description("Admins only: the user may not post in the room until the time (a past time lifts the mute).")
            .Argument<NonNullGraphType<MuteChatUserInputType>>("input")
            .RequireTool(Tool.AdminPanel)
            .ResolveAsync(async c =>
            {
                var input = c.Input();
                if (Id(input, "roomId", ChatRoomType.TypeName) is not { } roomId)
                {
                    return Invalid<bool>("roomId", "is not a ChatRoom id.");
                }

                if (Id(input, "userId", UserType.TypeName) is not { } userId)
                {
                    return Invalid<bool>("userId", "is not a User id.");
                }

                var admin = await c.SignedInUserAsync();
                var command = new MuteChatUserCommand(admin.Id, roomId, userId, Utc(input["until"]!));
                return Payload<bool>.From(await c.Service<MuteChatUser>().HandleAsync(command, c.CancellationToken));
            });
    }

    private static Guid? Id(IDictionary<string, object?> input, string field, string typeName) =>
        GlobalId.Decode(input[field]!.ToString()!, typeName);

    private static object? Optional(IDictionary<string, object?> input, string field) =>
        input.TryGetValue(field, out var value) ? value : null;

    private static Payload<T> Invalid<T>(string field, string message) => new(default, [Error.Validation(field, message)]);

    private static DateTimeOffset Utc(object value) => value switch
    {
        DateTimeOffset offset => offset,
        DateTime { Kind: DateTimeKind.Unspecified } unspecified => new DateTimeOffset(unspecified, TimeSpan.Zero),
        DateTime dateTime => new DateTimeOffset(dateTime.ToUniversalTime(), TimeSpan.Zero),
        _ => throw new ExecutionError("until: not a DateTime.") { Code = "BAD_USER_INPUT" },
    };
}
