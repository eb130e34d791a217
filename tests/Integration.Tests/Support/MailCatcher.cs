using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Son1kVers3.Integration.Tests.Support;

/// <summary>
/// A real SMTP server in the test process (SmtpServer), on a loopback port of its own; the mail it
/// receives is parsed with MimeKit. It can be stopped and started again on the same port, to play
/// a mail server that goes down and comes back.
/// </summary>
public sealed class MailCatcher : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> _received = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private CancellationTokenSource? _running;
    private Task? _serving;

    public MailCatcher()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    public int Port { get; }

    /// <summary>The settings that point a server at this catcher, with a fast outbox.</summary>
    public (string Key, string? Value)[] Settings =>
    [
        ("SMTP_URL", $"smtp://127.0.0.1:{Port}"),
        ("EMAIL_FROM", "Son1kVers3 <no-reply@son1kvers3.com>"),
        ("EMAIL_OUTBOX_POLL_MS", "100"),
        ("EMAIL_RETRY_BASE_SECONDS", "1"),
        ("SMTP_TIMEOUT_SECONDS", "5"),
    ];

    public IReadOnlyCollection<MimeMessage> Received => _received.ToArray();

    /// <summary>How long the server takes to accept each message (a slow mail server).</summary>
    public TimeSpan AcceptDelay { get; set; }

    public static async Task<MailCatcher> StartAsync()
    {
        var catcher = new MailCatcher();
        await catcher.StartServingAsync();
        return catcher;
    }

    public async Task StartServingAsync()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        _running = new CancellationTokenSource();
        _serving = new SmtpServer.SmtpServer(options, services).StartAsync(_running.Token);
        // Listening once a client can connect.
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20);
            }
        }

        throw new InvalidOperationException($"The test SMTP server did not start on port {Port}.");
    }

    public async Task StopServingAsync()
    {
        if (_running is null)
        {
            return;
        }

        await _running.CancelAsync();
        try
        {
            await _serving!;
        }
        catch (OperationCanceledException)
        {
            // Stopped as asked.
        }

        _running.Dispose();
        _running = null;
    }

    /// <summary>The first message to <paramref name="to"/> received within the timeout (already received ones count).</summary>
    public async Task<MimeMessage> WaitForAsync(string to, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            if (To(to).FirstOrDefault() is { } message)
            {
                return message;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No mail to {to} arrived in time.");
            }

            await _arrived.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    public IReadOnlyList<MimeMessage> To(string address) =>
        _received.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();

    public async ValueTask DisposeAsync()
    {
        await StopServingAsync();
        _arrived.Dispose();
    }

    private sealed class Store(MailCatcher catcher) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (catcher.AcceptDelay > TimeSpan.Zero)
            {
                await Task.Delay(catcher.AcceptDelay, cancellationToken);
            }

            using var stream = new MemoryStream(buffer.ToArray());
            catcher._received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            catcher._arrived.Release();
            return SmtpResponse.Ok;
        }
    }
}

/// <summary>Reads the links of the account mails.</summary>
public static partial class MailLinks
{
    public const string AppUrl = "https://app.son1kvers3.test";

    /// <summary>The token of the {APP_URL}/{path}?token=… link in the message's plain text.</summary>
    public static string TokenOf(MimeMessage message, string path)
    {
        var match = Link().Match(message.TextBody ?? string.Empty);
        Assert.True(match.Success, "the mail holds no link");
        Assert.Equal(path, match.Groups["path"].Value);
        return match.Groups["token"].Value;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"https://app\.son1kvers3\.test/(?<path>[a-z-]+)\?token=(?<token>[A-Za-z0-9_-]{43})")]
    private static partial System.Text.RegularExpressions.Regex Link();
}
