using GraphQL;
using GraphQL.Instrumentation;
using GraphQL.Resolvers;
using GraphQL.Types;
using GraphQL.Utilities;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// Puts the field middlewares on the fields they concern, once, when the schema is built: the
/// in-flight mutation limit on the mutation root's fields (outermost), then the authorization check on
/// the fields that declare one (<see cref="Authorization"/>). Every other field resolves with no
/// middleware at all. As schema-wide middlewares, both ran on every field of every request and let
/// nearly all of them through (the public plan table: about 70 fields per request, each through two
/// middleware calls and the library's chain).
/// </summary>
public sealed class FieldGuards(InFlightMutationLimit limit) : BaseSchemaNodeVisitor
{
    public override void VisitObjectFieldDefinition(FieldType field, IObjectGraphType type, ISchema schema)
    {
        var guarded = Authorization.Concerns(field);
        var mutation = ReferenceEquals(type, schema.Mutation);
        if (!guarded && !mutation)
        {
            return;
        }

        var resolver = field.Resolver ?? (ReferenceEquals(type, schema.Subscription) ? SourceFieldResolver.Instance : NameFieldResolver.Instance);
        if (guarded)
        {
            resolver = new Guarded(Authorization.FieldMiddleware.Instance, resolver);
        }

        field.Resolver = mutation ? new Guarded(limit, resolver) : resolver;
    }

    /// <summary>A resolver behind one middleware.</summary>
    internal sealed class Guarded(IFieldMiddleware middleware, IFieldResolver inner) : IFieldResolver
    {
        private readonly FieldMiddlewareDelegate _next = inner.ResolveAsync;

        public IFieldMiddleware Middleware => middleware;

        public IFieldResolver Inner => inner;

        public ValueTask<object?> ResolveAsync(IResolveFieldContext context) => middleware.ResolveAsync(context, _next);
    }
}
