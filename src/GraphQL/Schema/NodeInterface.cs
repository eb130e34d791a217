using GraphQL;
using GraphQL.Types;
using Son1kVers3.Application.Generations;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Features.Accounts;
using Son1kVers3.GraphQL.Features.Generations;

namespace Son1kVers3.GraphQL.Schema;

/// <summary>Anything with a global id; node(id:) resolves any of them the viewer may see.</summary>
public sealed class NodeInterface : InterfaceGraphType
{
    public NodeInterface()
    {
        Name = "Node";
        Field<NonNullGraphType<IdGraphType>>("id");
    }
}

public static class NodeQuery
{
    public static void AddNodeQuery(this ObjectGraphType query) =>
        query.Field<NodeInterface>("node")
            .Description("Any object by its global id (users: yourself, or anyone for admins; generations and tracks: yours; chat rooms and messages: any).")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                if (GlobalId.Parse(c.GetArgument<string>("id")) is not { } parsed || await c.CurrentUserAsync() is not { } viewer)
                {
                    return null;
                }

                var queries = c.Service<Application.Generations.GenerationQueries>();
                return parsed.Type switch
                {
                    UserType.TypeName when parsed.Id == viewer.Id => viewer,
                    UserType.TypeName when viewer.Role == Role.Admin => await c.Service<Application.Accounts.GetUser>().HandleAsync(parsed.Id, c.CancellationToken),
                    GenerationType.TypeName => await queries.GetAsync(parsed.Id, viewer, c.CancellationToken),
                    TrackType.TypeName => await queries.GetTrackAsync(parsed.Id, viewer, c.CancellationToken) is { } track
                        ? new TrackView(track, new TrackAccess(viewer.Id, true, true, viewer.Plan.WatermarkedShares), await queries.DownloadedTodayAsync(viewer.Id, track.Id, c.CancellationToken)) // only its owner can have downloaded it
                        : null,
                    Features.Chat.ChatRoomType.TypeName => await c.Service<Application.Chat.ChatQueries>().RoomAsync(parsed.Id, c.CancellationToken),
                    Features.Chat.ChatMessageType.TypeName => await c.Service<Application.Chat.ChatQueries>().MessageAsync(parsed.Id, c.CancellationToken),
                    _ => null,
                };
            });
}
