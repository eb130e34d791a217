using System.Globalization;
using System.Text;
using GraphQL.Types;
using Son1kVers3.Application.Generations;
using Son1kVers3.Domain.Generations;

namespace Son1kVers3.GraphQL.Features.Generations;

/// <summary>Opaque cursors for myGenerations: base64 of "createdAt ticks:id".</summary>
public static class GenerationCursor
{
    public static string Encode(Generation g) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{g.CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}:{g.Id:N}"));

    public static (DateTimeOffset, Guid)? Decode(string cursor)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(cursor)).Split(':');
            return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTimeOffset.MaxValue.UtcTicks && Guid.TryParse(parts[1], out var id)
                ? (new DateTimeOffset(ticks, TimeSpan.Zero), id)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>A connection's page: whether more lie beyond it and the cursors of its ends.</summary>
public sealed record PageInfo(bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor);

public sealed class PageInfoType : ObjectGraphType<PageInfo>
{
    public PageInfoType()
    {
        Name = "PageInfo";
        Field<NonNullGraphType<BooleanGraphType>>("hasNextPage").Resolve(c => c.Source.HasNextPage);
        Field<NonNullGraphType<BooleanGraphType>>("hasPreviousPage").Resolve(c => c.Source.HasPreviousPage);
        Field<StringGraphType>("startCursor").Resolve(c => c.Source.StartCursor);
        Field<StringGraphType>("endCursor").Resolve(c => c.Source.EndCursor);
    }
}

public sealed class GenerationEdgeType : ObjectGraphType<Generation>
{
    public GenerationEdgeType()
    {
        Name = "GenerationEdge";
        Field<NonNullGraphType<StringGraphType>>("cursor").Resolve(c => GenerationCursor.Encode(c.Source));
        Field<NonNullGraphType<GenerationType>>("node").Resolve(c => c.Source);
    }
}

public sealed class GenerationConnectionType : ObjectGraphType<GenerationPage>
{
    public GenerationConnectionType()
    {
        Name = "GenerationConnection";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<GenerationEdgeType>>>>("edges").Resolve(c => c.Source.Items);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<GenerationType>>>>("nodes").Resolve(c => c.Source.Items);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Resolve(c => new PageInfo(
            c.Source.HasNextPage,
            c.Source.HasPreviousPage,
            c.Source.Items.Count == 0 ? null : GenerationCursor.Encode(c.Source.Items[0]),
            c.Source.Items.Count == 0 ? null : GenerationCursor.Encode(c.Source.Items[^1])));
        Field<NonNullGraphType<IntGraphType>>("totalCount").Resolve(c => c.Source.TotalCount);
    }
}
