using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using Son1kVers3.Domain.Accounts;

namespace Son1kVers3.GraphQL.Execution.Fanout;

/// <summary>
/// Who may share one subscription result. Subscribers of the same document, operation and
/// variables whose audience key is equal get the bytes of one execution per event. By default a
/// result is shared only by the subscribers of the same user (it may show that user's private
/// data); a field whose result depends on less declares it with <see cref="SharedWith{TSourceType, TReturnType}"/>.
/// Users' private fields record whose privacy they decided (<see cref="PrivateReads"/>): such a
/// result never reaches that user from another viewer's execution, nor another viewer from theirs.
/// </summary>
public static class SharedResults
{
    public const string AudienceMetadata = "fanout:audience";

    /// <summary>Every subscriber gets the same result (public data only).</summary>
    public static readonly Func<User?, object, string> Everyone = (_, _) => "everyone";

    /// <summary>Declares what a subscription field's result depends on: the viewer (null when anonymous) and the event.</summary>
    public static FieldBuilder<TSourceType, TReturnType> SharedWith<TSourceType, TReturnType>(
        this FieldBuilder<TSourceType, TReturnType> field, Func<User?, object, string> audience) =>
        field.WithMetadata(AudienceMetadata, audience);

    public static Func<User?, object, string>? AudienceOf(FieldType field) =>
        field.GetMetadata<Func<User?, object, string>?>(AudienceMetadata, (Func<User?, object, string>?)null);
}

/// <summary>The users whose private fields one execution decided on (the viewer's own, or another's hidden).</summary>
public sealed class PrivateReads
{
    private static readonly AsyncLocal<PrivateReads?> Current = new();
    private readonly HashSet<Guid> _users = [];

    public IReadOnlyCollection<Guid> Users
    {
        get
        {
            lock (_users)
            {
                return [.. _users];
            }
        }
    }

    /// <summary>Called by every resolver whose answer depends on whether the viewer is <paramref name="userId"/>.</summary>
    public static void Record(Guid userId)
    {
        if (Current.Value is { } reads)
        {
            lock (reads._users)
            {
                reads._users.Add(userId);
            }
        }
    }

    /// <summary>Records for the rest of the calling async flow (one execution).</summary>
    public static PrivateReads Begin() => Current.Value = new PrivateReads();
}
