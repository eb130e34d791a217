using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Email;
using Son1kVers3.Infrastructure.Persistence;

namespace Son1kVers3.Infrastructure.Email;

/// <summary>
/// Sends the outbox. A batch is claimed with FOR UPDATE SKIP LOCKED and leased (its next attempt
/// moved past one send's worst case), so instances never send the same mail together and a crash
/// mid-send only retries it after the lease. The lease is the claim's token: right before each
/// send the worker renews it only if it still holds it (a batch of slow sends outlives the first
/// lease; another worker that claimed an expired mail meanwhile keeps it, and this one skips it),
/// and a send is cut off at <see cref="SendLimit"/>, well inside the lease. A sent mail is marked
/// sent (and its body, which holds the link, erased) and never sent again; a failed one waits with
/// exponential backoff. Log lines name the mail's id, never its address, link or token.
/// </summary>
internal sealed class EmailOutboxWorker(
    NpgsqlDataSource dataSource,
    IEmailSender sender,
    SmtpSettings settings,
    TimeProvider clock,
    ILogger<EmailOutboxWorker> logger) : BackgroundService
{
    private const int BatchSize = 10;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Configured)
        {
            logger.LogWarning("SMTP_URL is not set: no mail will be sent, and the mutations that send mail answer EMAIL_UNAVAILABLE");
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await SendDueAsync(stoppingToken) < BatchSize)
                {
                    await Task.Delay(settings.PollInterval, clock, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The mail outbox could not be read; retrying");
                await Task.Delay(settings.PollInterval, clock, stoppingToken);
            }
        }
    }

    /// <summary>Claims and sends one batch of due mail; returns how many were claimed.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var (claimed, lease) = await ClaimAsync(ct);
        foreach (var (id, to, content, attempts) in claimed)
        {
            if (await RenewLeaseAsync(id, lease, ct) is not { } renewed)
            {
                continue; // Its lease ran out while earlier mails of the batch were sent, and another worker took it.
            }

            try
            {
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
                limit.CancelAfter(SendLimit);
                await sender.SendAsync(to, content, limit.Token);
                await MarkSentAsync(id, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                var retryIn = Backoff(attempts);
                var final = attempts >= settings.MaxAttempts;
                logger.LogWarning(
                    "Mail {MailId} not sent (attempt {Attempt} of {MaxAttempts}): {ErrorType}: {Error}{Next}",
                    id, attempts, settings.MaxAttempts, ex.GetType().Name, ex.Message, final ? "; giving up" : $"; retrying in {retryIn.TotalSeconds:0} s");
                await MarkFailedAsync(id, renewed, $"{ex.GetType().Name}: {ex.Message}", retryIn);
            }
        }

        return claimed.Count;
    }

    /// <summary>The whole of one send (connect, TLS, authenticate, send, quit): MailKit's timeout holds for each step alone.</summary>
    private TimeSpan SendLimit => settings.Timeout * 2;

    /// <summary>Longer than <see cref="SendLimit"/>, so a mail being sent is never leased out again.</summary>
    private TimeSpan Lease => settings.Timeout * 3;

    /// <summary>The lease as PostgreSQL stores it (microseconds), so it compares equal when read back.</summary>
    private DateTimeOffset LeaseFrom(DateTimeOffset now)
    {
        var until = now + Lease;
        return until.AddTicks(-(until.UtcTicks % (TimeSpan.TicksPerMillisecond / 1000)));
    }

    /// <summary>Extends this worker's lease on the mail from now; null when the lease is no longer this worker's (or the mail was sent).</summary>
    private async Task<DateTimeOffset?> RenewLeaseAsync(Guid id, DateTimeOffset held, CancellationToken ct)
    {
        var renewed = LeaseFrom(clock.GetUtcNow());
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var updated = await Sql.ExecuteAsync(connection, null,
            "UPDATE outbound_emails SET next_attempt_at = @p1 WHERE id = @p0 AND sent_at IS NULL AND next_attempt_at = @p2",
            ct, id, renewed, held);
        return updated == 1 ? renewed : null;
    }

    private TimeSpan Backoff(int attempts)
    {
        var seconds = settings.RetryBase.TotalSeconds * Math.Pow(2, Math.Min(attempts - 1, 20));
        return TimeSpan.FromSeconds(Math.Min(seconds, MaxBackoff.TotalSeconds));
    }

    private async Task<(List<(Guid Id, string To, MailContent Content, int Attempts)> Claimed, DateTimeOffset Lease)> ClaimAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var leaseUntil = LeaseFrom(now);
        var claimed = new List<(Guid, string, MailContent, int)>();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = Sql.Command(connection, null, """
            UPDATE outbound_emails SET attempts = attempts + 1, next_attempt_at = @p1
            WHERE id IN (
                SELECT id FROM outbound_emails
                WHERE sent_at IS NULL AND next_attempt_at <= @p0 AND attempts < @p2
                ORDER BY next_attempt_at
                LIMIT @p3
                FOR UPDATE SKIP LOCKED)
            RETURNING id, "to", subject, text_body, html_body, attempts
            """, now, leaseUntil, settings.MaxAttempts, BatchSize);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            claimed.Add((reader.GetGuid(0), reader.GetString(1), new MailContent(reader.GetString(2), reader.GetString(3), reader.GetString(4)), reader.GetInt32(5)));
        }

        return (claimed, leaseUntil);
    }

    private async Task MarkSentAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await Sql.ExecuteAsync(connection, null,
            "UPDATE outbound_emails SET sent_at = @p1, text_body = '', html_body = '', last_error = NULL WHERE id = @p0",
            ct, id, clock.GetUtcNow());
    }

    /// <summary>Schedules the next attempt, unless the lease passed to another worker meanwhile (then the mail is its to send).</summary>
    private async Task MarkFailedAsync(Guid id, DateTimeOffset held, string error, TimeSpan retryIn)
    {
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        await Sql.ExecuteAsync(connection, null,
            "UPDATE outbound_emails SET next_attempt_at = @p1, last_error = @p2 WHERE id = @p0 AND next_attempt_at = @p3",
            CancellationToken.None, id, clock.GetUtcNow() + retryIn, error.Length > 500 ? error[..500] : error, held);
    }
}
