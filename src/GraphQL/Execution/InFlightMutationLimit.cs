using System.Collections.Concurrent;
using GraphQL;
using GraphQL.Instrumentation;
using GraphQLParser.AST;
using Son1kVers3.Application.Common;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// At most GRAPHQL_MAX_INFLIGHT_MUTATIONS_PER_USER mutations of one signed-in user run at once on
/// this instance; the excess is answered at once with the retryable TOO_MANY_IN_FLIGHT, so one
/// user's burst cannot occupy the database pool that everyone's queries share.
/// </summary>
public sealed class InFlightMutationLimit(InFlightMutationLimit.Settings settings) : IFieldMiddleware
{
    public const string Code = ErrorCodes.TooManyInFlight;
    private readonly ConcurrentDictionary<Guid, int> _running = new();

    public sealed record Settings(int PerUser)
    {
        public static Settings Read(SettingsReader settings) =>
            new(settings.Int("GRAPHQL_MAX_INFLIGHT_MUTATIONS_PER_USER", 8, min: 1, max: 1000));
    }

    /// <summary>Every other field goes straight through (no async state machine per field).</summary>
    public ValueTask<object?> ResolveAsync(IResolveFieldContext context, FieldMiddlewareDelegate next) =>
        context.Operation.Operation != OperationType.Mutation || context.ParentType != context.Schema.Mutation
            || CurrentUser.IdOf(context.User) is not { } userId
            ? next(context)
            : LimitedAsync(context, next, userId);

    private async ValueTask<object?> LimitedAsync(IResolveFieldContext context, FieldMiddlewareDelegate next, Guid userId)
    {
        if (!TryEnter(userId))
        {
            throw new ExecutionError($"Too many of your mutations are in progress (at most {settings.PerUser} at once); retry '{context.FieldDefinition.Name}' when one has finished.")
            {
                Code = Code,
            };
        }

        try
        {
            return await next(context);
        }
        finally
        {
            Leave(userId);
        }
    }

    private bool TryEnter(Guid userId)
    {
        while (true)
        {
            var current = _running.GetOrAdd(userId, 0);
            if (current >= settings.PerUser)
            {
                return false;
            }

            if (_running.TryUpdate(userId, current + 1, current))
            {
                return true;
            }
        }
    }

    private void Leave(Guid userId)
    {
        while (true)
        {
            var current = _running[userId];
            if (current == 1 ? _running.TryRemove(new KeyValuePair<Guid, int>(userId, 1)) : _running.TryUpdate(userId, current - 1, current))
            {
                return;
            }
        }
    }
}
