using GraphQL;
using GraphQL.Types;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.Chat;

public static class ChatQueries
{
    public static void AddChatQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ChatRoomType>>>>("chatRooms")
            .Description("Every room, archived ones too (read-only).")
            .RequireSignIn()
            .ResolveAsync(async c => await c.Service<Application.Chat.ChatQueries>().RoomsAsync(c.CancellationToken));

        query.Field<ChatRoomType>("chatRoom")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .RequireSignIn()
            .ResolveAsync(async c => GlobalId.Decode(c.GetArgument<string>("id"), ChatRoomType.TypeName) is { } id
                ? await c.Service<Application.Chat.ChatQueries>().RoomAsync(id, c.CancellationToken)
                : null);
    }
}
