using Npgsql;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Email;

/// <summary>Two instances' outbox workers and a mail server slower than one claim's lease: every mail still goes out once.</summary>
[Collection(ApiCollection.Name)]
public class OutboxLeaseTests(ApiFactory api)
{
    private const int Mails = 6;

    [Fact]
    public async Task ABatchOfSlowSends_OutlivingItsFirstLease_IsNotSentAgainByAnotherInstance()
    {
        await using var mail = await MailCatcher.StartAsync();
        mail.AcceptDelay = TimeSpan.FromSeconds(1.5); // six sends take 9 s; a claim's lease is 3 × SMTP_TIMEOUT_SECONDS = 6 s
        (string, string?)[] settings = [.. mail.Settings, ("SMTP_TIMEOUT_SECONDS", "2")];
        await using var first = api.With(settings);
        await using var second = api.With(settings);
        _ = first.Services; // both instances' workers run (and the database is migrated)
        _ = second.Services;
        await ExecuteAsync("UPDATE outbound_emails SET sent_at = now() WHERE sent_at IS NULL"); // nothing of earlier tests in the way
        var addresses = Enumerable.Range(0, Mails).Select(_ => Support.Accounts.NewEmail()).ToArray();

        await ExecuteAsync("""
            INSERT INTO outbound_emails (id, "to", subject, text_body, html_body, created_at, attempts, next_attempt_at)
            SELECT gen_random_uuid(), address, 'Slow mail', 'text', '<p>html</p>', now(), 0, now() FROM unnest(@p0) AS address
            """, (object)addresses);

        foreach (var address in addresses)
        {
            await mail.WaitForAsync(address, TimeSpan.FromSeconds(40));
        }

        await Task.Delay(TimeSpan.FromSeconds(4)); // room for a second copy to arrive
        Assert.All(addresses, a => Assert.Single(mail.To(a)));
    }

    private async Task ExecuteAsync(string sql, params object[] args)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        for (var i = 0; i < args.Length; i++)
        {
            command.Parameters.AddWithValue($"p{i}", args[i]);
        }

        await command.ExecuteNonQueryAsync();
    }
}
