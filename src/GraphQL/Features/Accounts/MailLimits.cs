using System.Security.Cryptography;
using System.Text;
using GraphQL;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Transport;

namespace Son1kVers3.GraphQL.Features.Accounts;

/// <summary>
/// At most RATE_LIMIT_MAILS_PER_EMAIL_PER_15_MINUTES mails to one address (counted whether or not it
/// has an account, so the limit reveals nothing); the per-client-address limit is in RequestRateLimits.
/// </summary>
public static class MailLimits
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    public static async Task CheckAsync(IResolveFieldContext context, string email)
    {
        var settings = context.Service<RateLimitSettings>();
        if (!settings.Enabled)
        {
            return;
        }

        var key = "mail:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(EmailAddress.Normalize(email))));
        var decision = await context.Service<IRateLimiter>().HitAsync(key, 1, settings.MailsPerEmailPer15Minutes, Window, context.CancellationToken);
        if (!decision.Allowed)
        {
            context.Service<Application.Observability.AppMetrics>().RateLimited("mails_per_email");
            var seconds = (int)Math.Ceiling(decision.RetryAfter.TotalSeconds);
            throw new ExecutionError($"Too many mails to this address (at most {settings.MailsPerEmailPer15Minutes} per 15 minutes). Try again in {seconds} s.")
            {
                Code = ErrorCodes.RateLimited,
                Data = { [ApiErrorInfoProvider.RetryAfterSeconds] = seconds },
            };
        }
    }
}
