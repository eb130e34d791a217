using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Email;
using Son1kVers3.Infrastructure.Persistence;

namespace Son1kVers3.Infrastructure.Email;

/// <summary>
/// Sends the outbox. A batch is claimed with FOR UPDATE SKIP LOCKED and leased (its next attempt
/// moved past the send's timeout), so instances never send the same mail together and a crash
/// mid-send only retries it after the lease. A sent mail is marked sent (and its body, which
/// holds the link, erased) and never sent again; a failed one waits with exponential backoff.
/// Log lines name the mail's id, never its address, link or token.
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
        var claimed = await ClaimAsync(ct);
        foreach (var (id, to, content, attempts) in claimed)
        {
            try
            {
                await sender.SendAsync(to, content, ct);
                await MarkSentAsync(id, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                var retryIn = Backoff(attempts);
                var final = attempts >= settings.MaxAttempts;
                logger.LogWarning(
                    "Mail {MailId} not sent (attempt {Attempt} of {MaxAttempts}): {ErrorType}: {Error}{Next}",
                    id, attempts, settings.MaxAttempts, ex.GetType().Name, ex.Message, final ? "; giving up" : $"; retrying in {retryIn.TotalSeconds:0} s");
                await MarkFailedAsync(id, $"{ex.GetType().Name}: {ex.Message}", retryIn, ct);
            }
        }

        return claimed.Count;
    }

    private TimeSpan Backoff(int attempts)
    {
        var seconds = settings.RetryBase.TotalSeconds * Math.Pow(2, Math.Min(attempts - 1, 20));
        return TimeSpan.FromSeconds(Math.Min(seconds, MaxBackoff.TotalSeconds));
    }

    private async Task<List<(Guid Id, string To, MailContent Content, int Attempts)>> ClaimAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var leaseUntil = now + settings.Timeout * 3;
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

        return claimed;
    }

    private async Task MarkSentAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await Sql.ExecuteAsync(connection, null,
            "UPDATE outbound_emails SET sent_at = @p1, text_body = '', html_body = '', last_error = NULL WHERE id = @p0",
            ct, id, clock.GetUtcNow());
    }

    private async Task MarkFailedAsync(Guid id, string error, TimeSpan retryIn, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await Sql.ExecuteAsync(connection, null,
            "UPDATE outbound_emails SET next_attempt_at = @p1, last_error = @p2 WHERE id = @p0",
            CancellationToken.None, id, clock.GetUtcNow() + retryIn, error.Length > 500 ? error[..500] : error);
    }
}
