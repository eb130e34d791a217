using GraphQL.Types;
using Son1kVers3.Domain.Accounts;

namespace Son1kVers3.GraphQL.Features.Accounts;

public sealed class OAuthProviderType : EnumerationGraphType
{
    public OAuthProviderType()
    {
        Name = "OAuthProvider";
        // Named by hand: the default case conversion would write TikTok as TIK_TOK.
        Add("GOOGLE", OAuthProvider.Google);
        Add("FACEBOOK", OAuthProvider.Facebook);
        Add("TIKTOK", OAuthProvider.TikTok);
    }
}
