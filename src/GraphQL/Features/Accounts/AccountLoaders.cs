using Son1kVers3.Application.Accounts;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.GraphQL.Execution;

namespace Son1kVers3.GraphQL.Features.Accounts;

/// <summary>User.linkedProviders for every user of a response in one query.</summary>
public sealed class AccountLoaders(GetLinkedProviders useCase)
{
    private readonly BatchLoader<Guid, IReadOnlyList<OAuthProvider>> _linkedProviders = new(useCase.HandleAsync, []);

    public global::GraphQL.DataLoader.IDataLoaderResult<IReadOnlyList<OAuthProvider>> LinkedProviders(Guid userId) => _linkedProviders.Load(userId);
}
