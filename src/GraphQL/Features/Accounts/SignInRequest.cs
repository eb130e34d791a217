using GraphQL;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.GraphQL.Hosting;

namespace Son1kVers3.GraphQL.Features.Accounts;

/// <summary>
/// What a sign-in (register, login, OAuth) takes from its HTTP request: the device the session
/// records (User-Agent; the country only from a trusted edge proxy, see <see cref="EdgeLocation"/>)
/// and the Accept-Language a new account's locale follows.
/// </summary>
public static class SignInRequest
{
    public static SignInDevice DeviceOf(IResolveFieldContext context)
    {
        if (HttpContextOf(context) is not { } http)
        {
            return SignInDevice.Unknown;
        }

        return SignInDevice.From(http.Request.Headers.UserAgent.ToString(), EdgeLocation.Read(http).Country);
    }

    public static string? AcceptLanguageOf(IResolveFieldContext context) => HttpContextOf(context)?.Request.Headers.AcceptLanguage.ToString();

    private static HttpContext? HttpContextOf(IResolveFieldContext context) => context.RequestServices?.GetService<IHttpContextAccessor>()?.HttpContext;
}
