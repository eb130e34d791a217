using System.Net.Sockets;
using System.Text;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Hosting;

[Collection(ApiCollection.Name)]
public class ClientAbortTests(ApiFactory api)
{
    [Fact]
    public async Task AClientThatCutsItsRequestBodyShort_IsNotLoggedAsAnError_AndTheServerStillAnswers()
    {
        await using var server = await ServerProcess.StartAsync(api, ("LOG_FORMAT", "json"));
        var address = server.Client.BaseAddress!;

        // Kestrel sees a cut body either as an aborted request (ASP.NET Core's exception handler answers
        // 499 itself) or as a truncated body (which reaches our handler): cut requests until the second
        // has happened at least once.
        for (var i = 0; i < 40 && !Noted(server); i++)
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(address.Host, address.Port);
            var stream = tcp.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"POST /graphql HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"query\":\"{{ pla"));
            await stream.FlushAsync();
            await Task.Delay(100);
            tcp.Close();
            await Task.Delay(250); // the log lines are written in batches
        }

        var answered = await server.Client.PostAsAsync(null, "{ plans { tier } }");
        await Task.Delay(1000); // the log lines are written in batches

        Assert.Equal(System.Net.HttpStatusCode.OK, answered.Status);
        Assert.DoesNotContain(server.Output, line => line.Contains("Unhandled exception", StringComparison.Ordinal));
        Assert.True(Noted(server), "No cut request was seen as a truncated body in 40 tries.");
    }

    private static bool Noted(ServerProcess server) =>
        server.Output.Any(line => line.Contains("before it was answered", StringComparison.Ordinal));
}
