using System.Security.Claims;
using GraphQL.Execution;
using GraphQLParser.AST;
using ExecutionContext = GraphQL.Execution.ExecutionContext;

namespace Son1kVers3.GraphQL.Execution.Fanout;

/// <summary>
/// The subscriptions on this instance with the same document, operation, root field and variables:
/// one execution template for all of them (what executing one of their events needs besides the
/// event and the viewer), kept while at least one of them lives. A started subscriber holds its
/// group, not an ExecutionContext of its own.
/// </summary>
public sealed class SubscriptionGroups
{
    private readonly object _gate = new();
    private readonly Dictionary<Key, SubscriptionGroup> _groups = [];

    /// <summary>Groups alive now (for tests and diagnostics).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _groups.Count;
            }
        }
    }

    /// <summary>Joins the group of this subscription, making its template from <paramref name="context"/> if it is the first.</summary>
    internal SubscriptionGroup Join(ExecutionContext context, ExecutionNode node, string variables, Func<ExecutionContext, ExecutionContext> clone)
    {
        var key = new Key(context.Document, node.Field, context.Operation.Name?.StringValue, variables);
        lock (_gate)
        {
            if (!_groups.TryGetValue(key, out var group))
            {
                var template = clone(context);
                template.User = null; // each event runs as its subscriber
                template.RequestServices = null; // and in a DI scope of its own
                _groups[key] = group = new SubscriptionGroup(this, key, template, node, variables);
            }

            group.Members++;
            return group;
        }
    }

    internal void Leave(SubscriptionGroup group)
    {
        lock (_gate)
        {
            if (--group.Members > 0)
            {
                return;
            }

            _groups.Remove(group.Id);
        }

        group.Context.Dispose();
    }

    internal readonly record struct Key(GraphQLDocument Document, GraphQLField Field, string? Operation, string Variables);
}

/// <summary>One group of <see cref="SubscriptionGroups"/>: the template its events execute from.</summary>
public sealed class SubscriptionGroup
{
    private readonly SubscriptionGroups _groups;

    internal SubscriptionGroup(SubscriptionGroups groups, SubscriptionGroups.Key id, ExecutionContext context, ExecutionNode node, string variables)
    {
        _groups = groups;
        Id = id;
        Context = context;
        Node = node;
        Variables = variables;
    }

    /// <summary>The subscriptions in the group now (changed under the groups' lock).</summary>
    public int Members { get; internal set; }

    internal SubscriptionGroups.Key Id { get; }

    /// <summary>The execution template: document, operation, variables, schema, options; no user, services or errors.</summary>
    internal ExecutionContext Context { get; }

    /// <summary>The subscription's root field node (each event executes a copy with the event as its source).</summary>
    internal ExecutionNode Node { get; }

    /// <summary>The variables as text, for the group keys of the events.</summary>
    internal string Variables { get; }

    /// <summary>A context for one execution of an event, as <paramref name="user"/>, with these services; dispose it after.</summary>
    internal ExecutionContext ContextFor(ClaimsPrincipal? user, IServiceProvider services, CancellationToken ct) =>
        new(Context)
        {
            Errors = new(),
            OutputExtensions = new Dictionary<string, object?>(),
            Metrics = global::GraphQL.Instrumentation.Metrics.None,
            CancellationToken = ct,
            User = user,
            RequestServices = services,
            UserContext = new Dictionary<string, object?>(),
        };

    internal void Leave() => _groups.Leave(this);
}
