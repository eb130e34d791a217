using System.Text;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation;
using Son1kVers3.Domain.Accounts;
using ExecutionContext = GraphQL.Execution.ExecutionContext;

namespace Son1kVers3.GraphQL.Execution.Fanout;

/// <summary>
/// A subscription result already serialised (shared by every subscriber of its group): the
/// transports send <see cref="Payload"/> as it is.
/// </summary>
public sealed class SerializedExecutionResult : ExecutionResult
{
    public SerializedExecutionResult(SharedPayload payload)
    {
        Payload = payload;
        Executed = true;
    }

    public SharedPayload Payload { get; }
}

/// <summary>
/// Subscriptions whose events are resolved and serialised once per group of subscribers on this
/// instance (<see cref="SharedResultCache"/>), instead of once per subscriber. An event executes in a
/// DI scope of its own (the operation's scope ends once the subscription has started): a subscriber
/// that takes a shared result creates none; the viewer a group key needs is read once per subscription.
/// </summary>
public sealed class FanoutSubscriptionStrategy(IServiceScopeFactory scopes, SharedResultCache cache) : SubscriptionExecutionStrategy
{
    /// <summary>
    /// Starts the subscription in the operation's own scope; a viewer read there already (the stream
    /// resolver checked who signs in) is kept for the group keys of its events, which run in scopes of their own.
    /// </summary>
    public override async Task<ExecutionResult> ExecuteAsync(ExecutionContext context)
    {
        var result = await base.ExecuteAsync(context);
        if (context.RequestServices?.GetService<CurrentUser>()?.Started is { IsCompletedSuccessfully: true } viewer)
        {
            SubscriptionKeys.Of(context).Viewer = viewer;
        }

        return result;
    }

    protected override async ValueTask<ExecutionResult> ProcessDataAsync(ExecutionContext context, ExecutionNode node, object? value)
    {
        if (value is null || value.GetType().IsValueType)
        {
            return await ExecuteInScopeAsync(context, node, value);
        }

        var known = SubscriptionKeys.Of(context);
        var viewerId = known.ViewerId ??= CurrentUser.IdOf(context.User) ?? Guid.Empty;
        var viewer = viewerId == Guid.Empty ? (Guid?)null : viewerId;
        var key = known.Key; // the same for every event when the audience does not depend on it
        if (key is null)
        {
            string audience;
            var audienceOf = SharedResults.AudienceOf(node.FieldDefinition);
            var everyone = ReferenceEquals(audienceOf, SharedResults.Everyone);
            if (audienceOf is not null && !everyone)
            {
                audience = audienceOf(viewer is null ? null : await ViewerAsync(context), value);
            }
            else
            {
                audience = everyone ? "everyone" : viewer is { } id ? $"user:{id:N}" : "anonymous";
            }

            key = new GroupKey(context.Document, node.Field, context.Operation.Name?.StringValue, VariablesKey(context), audience);
            if (audienceOf is null || everyone)
            {
                known.Key = key;
            }
        }

        var payload = await cache.GetAsync(value, key, viewer, () => ExecuteAsync(context, node, value, viewer));
        return payload is null ? await ExecuteInScopeAsync(context, node, value) : new SerializedExecutionResult(payload);
    }

    protected override async Task<ExecutionError> ProcessErrorAsync(ExecutionContext context, ExecutionNode node, Exception exception)
    {
        await using var scope = scopes.CreateAsyncScope();
        context.RequestServices = scope.ServiceProvider;
        return await base.ProcessErrorAsync(context, node, exception);
    }

    private async ValueTask<ExecutionResult> ExecuteInScopeAsync(ExecutionContext context, ExecutionNode node, object? value)
    {
        await using var scope = scopes.CreateAsyncScope();
        context.RequestServices = scope.ServiceProvider;
        return await base.ProcessDataAsync(context, node, value);
    }

    private async Task<SharedPayload?> ExecuteAsync(ExecutionContext context, ExecutionNode node, object value, Guid? viewerId)
    {
        await using var scope = scopes.CreateAsyncScope();
        context.RequestServices = scope.ServiceProvider;
        var reads = PrivateReads.Begin();
        var result = await base.ProcessDataAsync(context, node, value);
        if (context.CancellationToken.IsCancellationRequested)
        {
            return null; // this subscriber left while executing: another one executes for the group
        }

        using var buffer = new MemoryStream();
        await scope.ServiceProvider.GetRequiredService<IGraphQLSerializer>().WriteAsync(buffer, result, CancellationToken.None);
        return new SharedPayload(buffer.ToArray(), viewerId, reads.Users);
    }

    /// <summary>The signed-in viewer, read once per subscription.</summary>
    private async Task<User?> ViewerAsync(ExecutionContext context)
    {
        var known = SubscriptionKeys.Of(context);
        if (known.Viewer is { } read)
        {
            return await read;
        }

        await using var scope = scopes.CreateAsyncScope();
        var viewer = await scope.ServiceProvider.GetRequiredService<CurrentUser>().GetAsync(context.User!, context.CancellationToken);
        known.Viewer = Task.FromResult(viewer);
        return viewer;
    }

    /// <summary>The variables as text (equal variables, equal text), for the group key: made once per subscription.</summary>
    private static string VariablesKey(ExecutionContext context)
    {
        var known = SubscriptionKeys.Of(context);
        return known.Variables ??= VariablesText(context.Variables);
    }

    private static string VariablesText(Variables? variables)
    {
        if (variables is null || !variables.Any())
        {
            return "";
        }

        var text = new StringBuilder();
        foreach (var variable in variables)
        {
            text.Append(variable!.Name).Append('=').Append(System.Text.Json.JsonSerializer.Serialize(variable.Value)).Append(';');
        }

        return text.ToString();
    }
}

/// <summary>
/// What the group key of a subscription's events needs, worked out at its first event: kept beside
/// its user context (one per operation, shared by the context of every event) for as long as it lives.
/// </summary>
internal sealed class SubscriptionKeys
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, SubscriptionKeys> ByOperation = new();

    public string? Variables { get; set; }

    public Task<User?>? Viewer { get; set; }

    /// <summary>The signed-in user's id (<see cref="Guid.Empty"/> when anonymous).</summary>
    public Guid? ViewerId { get; set; }

    /// <summary>The group key of every event, when it does not depend on the event.</summary>
    public GroupKey? Key { get; set; }

    public static SubscriptionKeys Of(ExecutionContext context) => ByOperation.GetValue(context.UserContext, _ => new SubscriptionKeys());
}
