using Npgsql;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Email;

/// <summary>
/// A refresh racing a password reset's revocation of every session must not leave a refresh token
/// alive. The test holds the user's refresh-token rows locked, so the refresh waits inside its
/// rotation, lets the reset start behind it, then lets both go: the interleaving that used to
/// leave the rotation's successor unrevoked, every time.
/// </summary>
[Collection(ApiCollection.Name)]
public class RefreshResetRaceTests(ApiFactory api)
{
    private const string Refresh = "mutation($t: String!) { refreshToken(input: { refreshToken: $t }) { refreshToken errors { code } } }";

    [Fact]
    public async Task ARefreshCaughtMidRotation_ByAReset_LeavesNoLiveRefreshToken()
    {
        await using var mail = await MailCatcher.StartAsync();
        await using var server = api.With(mail.Settings);
        var client = server.CreateClient();
        var account = await client.RegisterAsync();
        await client.PostAsync("mutation($e: String!) { requestPasswordReset(input: { email: $e }) { ok } }", new { e = account.Email });
        var resetToken = await ResetTokenAsync(mail, account.Email);

        await using var holder = new NpgsqlConnection(api.ConnectionString);
        await holder.OpenAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await ExecuteAsync(holder, hold, "SELECT id FROM refresh_tokens WHERE user_id = (SELECT id FROM users WHERE email = @p0) FOR UPDATE", account.Email);

        var refresh = client.PostAsync(Refresh, new { t = account.RefreshToken });
        await WaitForLockWaitersAsync(1);
        var reset = client.PostAsync(
            "mutation($t: String!) { resetPassword(input: { token: $t, newPassword: \"a brand new passphrase\" }) { ok errors { code } } }", new { t = resetToken });
        await WaitForLockWaitersAsync(2);
        await hold.CommitAsync();

        Assert.True((await reset).Data!["resetPassword"]!["ok"]!.GetValue<bool>());
        var raced = (await refresh).Data!["refreshToken"]!;
        if (raced["refreshToken"]?.GetValue<string>() is { } successor)
        {
            var reuse = (await client.PostAsync(Refresh, new { t = successor })).Data!["refreshToken"]!;
            Assert.True(reuse["refreshToken"] is null, "the refresh token that the raced refresh handed out still works after the reset");
            Assert.Equal("INVALID_REFRESH_TOKEN", reuse["errors"]![0]!["code"]!.GetValue<string>());
        }

        Assert.Equal(0L, await ScalarAsync<long>(
            "SELECT count(*) FROM refresh_tokens WHERE user_id = (SELECT id FROM users WHERE email = @p0) AND revoked_at IS NULL", account.Email));
    }

    private static async Task<string> ResetTokenAsync(MailCatcher mail, string email)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        MimeKit.MimeMessage? message;
        while ((message = mail.To(email).FirstOrDefault(m => m.TextBody?.Contains("/reset-password?", StringComparison.Ordinal) == true)) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the reset mail did not arrive");
            await Task.Delay(100);
        }

        return MailLinks.TokenOf(message, "reset-password");
    }

    /// <summary>Waits (at most 10 s) until this many other sessions of the test database wait on a lock.</summary>
    private async Task WaitForLockWaitersAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await ScalarAsync<long>(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()") < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"fewer than {count} requests came to wait on a lock");
            await Task.Delay(20);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, params object[] args)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        for (var i = 0; i < args.Length; i++)
        {
            command.Parameters.AddWithValue($"p{i}", args[i]);
        }

        await command.ExecuteNonQueryAsync();
    }

    private async Task<T> ScalarAsync<T>(string sql, params object[] args)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        for (var i = 0; i < args.Length; i++)
        {
            command.Parameters.AddWithValue($"p{i}", args[i]);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }
}
