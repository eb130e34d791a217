using Son1kVers3.Application.Accounts;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.GraphQL.Execution;

namespace Son1kVers3.GraphQL.Features.Accounts;

/// <summary>User.linkedProviders for every user of a response in one query.</summary>
public sealed class LinkedProvidersLoader(GetLinkedProviders useCase)
{
    private readonly BatchLoader<Guid, IReadOnlyList<OAuthProvider>> _loader = new(useCase.HandleAsync, []);

    public global::GraphQL.DataLoader.IDataLoaderResult<IReadOnlyList<OAuthProvider>> Load(Guid userId) => _loader.Load(userId);
}
