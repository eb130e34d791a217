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
/// instance (<see cref="SharedResultCache"/>), instead of once per subscriber. The stream resolver
/// runs at subscribe as for any operation (its checks and errors unchanged); then the subscriber
/// becomes a <see cref="SharedSubscription"/>: a plain listener that keeps no execution state of
/// its own (no ExecutionContext, no GraphQL.NET event pipeline). Each event executes, once per
/// group, from the execution template its <see cref="SubscriptionGroups"/> group keeps, in a DI
/// scope of its own; the other subscribers take the bytes.
/// </summary>
public sealed class FanoutSubscriptionStrategy(IServiceScopeFactory scopes, SharedResultCache cache, SubscriptionGroups groups) : SubscriptionExecutionStrategy
{
    internal SharedResultCache Cache => cache;

    protected override async Task<IObservable<ExecutionResult>?> ResolveResponseStreamAsync(ExecutionContext context, ExecutionNode node)
    {
        context.CancellationToken.ThrowIfCancellationRequested();
        IObservable<object?> source;
        try
        {
            var resolver = node.FieldDefinition?.StreamResolver ?? throw new InvalidOperationException($"Stream resolver not set for field '{node.Field.Name}'.");
            source = await resolver.ResolveAsync(new ReadonlyResolveFieldContext(node, context))
                ?? throw new InvalidOperationException($"No event stream returned for field '{node.Field.Name}'.");
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (ExecutionError error)
        {
            error.Path = node.ResponsePath;
            error.AddLocation(node.Field, context.Document);
            context.Errors.Add(error);
            return null;
        }
        catch (Exception exception)
        {
            context.Errors.Add(await ErrorOfAsync(context, node, exception, $"Could not resolve source stream for field '{node.Field.Name}'."));
            return null;
        }

        // A viewer read already (the stream resolver checked who signs in) is kept for the group keys of its events, when they depend on it.
        var viewer = AudienceDependsOnViewer(node) && context.RequestServices?.GetService<CurrentUser>()?.Started is { IsCompletedSuccessfully: true } read ? read.Result : null;
        var group = groups.Join(context, node, VariablesText(context.Variables), c => CloneExecutionContext(c, CancellationToken.None));
        return new SharedSubscription(this, group, source, context.User, CurrentUser.IdOf(context.User), viewer);
    }

    /// <summary>The result of one event for one subscriber: the group's shared bytes when they fit it, else its own execution.</summary>
    internal async Task<ExecutionResult> ResultAsync(SharedSubscription subscriber, object? value, CancellationToken ct)
    {
        if (value is null || value.GetType().IsValueType)
        {
            return await ExecuteInScopeAsync(subscriber, value, ct);
        }

        var key = subscriber.Key ?? await KeyAsync(subscriber, value, ct);
        var payload = await cache.GetAsync(value, key, subscriber.ViewerId, () => ExecuteSharedAsync(subscriber, value, ct));
        return payload is null ? await ExecuteInScopeAsync(subscriber, value, ct) : payload.Result;
    }

    /// <summary>What the source stream failed with, as GraphQL.NET reports it (an ExecutionError, the failure inside).</summary>
    internal async Task<ExecutionError> ErrorAsync(SharedSubscription subscriber, Exception exception, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        using var context = subscriber.Group.ContextFor(subscriber.User, scope.ServiceProvider, ct);
        return await ProcessErrorAsync(context, subscriber.Group.Node, exception);
    }

    /// <summary>The group key of the subscriber's events: worked out once when it does not depend on the event.</summary>
    private async Task<GroupKey> KeyAsync(SharedSubscription subscriber, object value, CancellationToken ct)
    {
        var group = subscriber.Group;
        var viewer = subscriber.ViewerId;
        string audience;
        var audienceOf = SharedResults.AudienceOf(group.Node.FieldDefinition);
        var everyone = ReferenceEquals(audienceOf, SharedResults.Everyone);
        if (audienceOf is not null && !everyone)
        {
            audience = audienceOf(viewer is null ? null : await ViewerAsync(subscriber, ct), value);
        }
        else
        {
            audience = everyone ? "everyone" : viewer is { } id ? $"user:{id:N}" : "anonymous";
        }

        var key = new GroupKey(group.Context.Document, group.Node.Field, group.Context.Operation.Name?.StringValue, group.Variables, audience);
        if (audienceOf is null || everyone)
        {
            subscriber.Key = key; // the same for every event
        }

        return key;
    }

    private async ValueTask<ExecutionResult> ExecuteInScopeAsync(SharedSubscription subscriber, object? value, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        using var context = subscriber.Group.ContextFor(subscriber.User, scope.ServiceProvider, ct);
        return await ProcessDataAsync(context, subscriber.Group.Node, value);
    }

    private async Task<SharedPayload?> ExecuteSharedAsync(SharedSubscription subscriber, object value, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        using var context = subscriber.Group.ContextFor(subscriber.User, scope.ServiceProvider, ct);
        var reads = PrivateReads.Begin();
        var result = await ProcessDataAsync(context, subscriber.Group.Node, value);
        if (ct.IsCancellationRequested)
        {
            return null; // this subscriber left while executing: another one executes for the group
        }

        using var buffer = new MemoryStream();
        await scope.ServiceProvider.GetRequiredService<IGraphQLSerializer>().WriteAsync(buffer, result, CancellationToken.None);
        return new SharedPayload(buffer.ToArray(), subscriber.ViewerId, reads.Users);
    }

    /// <summary>The signed-in viewer, read once per subscription.</summary>
    private async Task<User?> ViewerAsync(SharedSubscription subscriber, CancellationToken ct)
    {
        if (subscriber.Viewer is { } read)
        {
            return read;
        }

        await using var scope = scopes.CreateAsyncScope();
        var viewer = await scope.ServiceProvider.GetRequiredService<CurrentUser>().GetAsync(subscriber.User!, ct);
        subscriber.Viewer = viewer;
        return viewer;
    }

    /// <summary>Whether the field's group key of an event needs the viewer's row (not only its id).</summary>
    private static bool AudienceDependsOnViewer(ExecutionNode node) =>
        SharedResults.AudienceOf(node.FieldDefinition) is { } audienceOf && !ReferenceEquals(audienceOf, SharedResults.Everyone);

    private async Task<ExecutionError> ErrorOfAsync(ExecutionContext context, ExecutionNode node, Exception exception, string message)
    {
        var error = await HandleExceptionAsync(context, node, exception, message);
        error.Path = node.ResponsePath;
        error.AddLocation(node.Field, context.Document);
        return error;
    }

    /// <summary>The variables as text (equal variables, equal text), for the group key.</summary>
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
