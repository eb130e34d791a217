using System.Text;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation;
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
/// instance (<see cref="SharedResultCache"/>), instead of once per subscriber.
/// </summary>
public sealed class FanoutSubscriptionStrategy : SubscriptionExecutionStrategy
{
    protected override async ValueTask<ExecutionResult> ProcessDataAsync(ExecutionContext context, ExecutionNode node, object? value)
    {
        if (value is null || value.GetType().IsValueType || context.RequestServices?.GetService<SharedResultCache>() is not { } cache)
        {
            return await base.ProcessDataAsync(context, node, value);
        }

        var viewerId = CurrentUser.IdOf(context.User);
        string audience;
        if (SharedResults.AudienceOf(node.FieldDefinition) is { } audienceOf)
        {
            var viewer = viewerId is null ? null : await context.RequestServices.GetRequiredService<CurrentUser>().GetAsync(context.User!, context.CancellationToken);
            audience = audienceOf(viewer, value);
        }
        else
        {
            audience = viewerId is { } id ? $"user:{id:N}" : "anonymous";
        }

        var key = new GroupKey(context.Document, node.Field, context.Operation.Name?.StringValue, VariablesKey(context.Variables), audience);
        var payload = await cache.GetAsync(value, key, viewerId, () => ExecuteAsync(context, node, value, viewerId));
        return payload is null ? await base.ProcessDataAsync(context, node, value) : new SerializedExecutionResult(payload);
    }

    private async Task<SharedPayload?> ExecuteAsync(ExecutionContext context, ExecutionNode node, object value, Guid? viewerId)
    {
        var reads = PrivateReads.Begin();
        var result = await base.ProcessDataAsync(context, node, value);
        if (context.CancellationToken.IsCancellationRequested)
        {
            return null; // this subscriber left while executing: another one executes for the group
        }

        using var buffer = new MemoryStream();
        await context.RequestServices!.GetRequiredService<IGraphQLSerializer>().WriteAsync(buffer, result, CancellationToken.None);
        return new SharedPayload(buffer.ToArray(), viewerId, reads.Users);
    }

    /// <summary>The variables as text (equal variables, equal text), for the group key.</summary>
    private static string VariablesKey(Variables? variables)
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
