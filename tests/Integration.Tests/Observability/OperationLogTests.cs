using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Observability;

/// <summary>Issue 13: one log line per GraphQL operation, with its facts and none of its secrets.</summary>
[Collection(ApiCollection.Name)]
public class OperationLogTests(ApiFactory api)
{
    private const string Password = "Sup3r-Secret-Passw0rd-4-logs";
    private const string OperationCategory = "Son1kVers3.GraphQL.Observability.OperationTelemetry";

    [Fact]
    public async Task ALoginMutation_IsOneJsonLineOnStdout_WithNameTypeOutcomeDurationAndTrace_AndNeitherPasswordNorTokensNorVariables()
    {
        await using var server = await ServerProcess.StartAsync(api, ("LOG_FORMAT", "json"));
        var user = await server.Client.RegisterAsync(password: Password);
        var inline = await server.Client.PostAsync(
            $$"""mutation SignInInline { login(input: { email: "{{user.Email}}", password: "{{Password}}" }) { accessToken refreshToken errors { code } } }""");
        var withVariables = await server.Client.LoginAsync(user.Email, Password);
        var me = await server.Client.PostAsAsync(withVariables.AccessToken, "query WhoAmI { me { id } }");
        Assert.Null(me.Errors);
        var tokens = new[] { inline.Data!["login"]!["accessToken"]!.GetValue<string>(), inline.Data!["login"]!["refreshToken"]!.GetValue<string>(), withVariables.AccessToken, withVariables.RefreshToken, user.AccessToken, user.RefreshToken };

        var lines = await WaitForOperationLinesAsync(server, 4);

        var signIn = lines.Single(l => l["State"]!["OperationName"]?.GetValue<string>() == "SignInInline");
        var state = signIn["State"]!;
        Assert.Equal("mutation", state["OperationType"]!.GetValue<string>());
        Assert.Equal("ok", state["Outcome"]!.GetValue<string>());
        Assert.True(double.Parse(state["DurationMs"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Matches("^[0-9a-f]{32}$", state["TraceId"]!.GetValue<string>());
        Assert.Equal("anonymous", state["UserId"]!.GetValue<string>());
        Assert.Contains("password: \"***\"", state["Document"]!.GetValue<string>());
        var whoAmI = lines.Single(l => l["State"]!["OperationName"]?.GetValue<string>() == "WhoAmI")["State"]!;
        Assert.Equal("query", whoAmI["OperationType"]!.GetValue<string>());
        Assert.Matches("^[0-9a-f]{32}$", whoAmI["UserId"]!.GetValue<string>());

        var output = string.Join('\n', server.Output);
        Assert.DoesNotContain(Password, output);
        Assert.All(tokens, token => Assert.DoesNotContain(token, output));
        Assert.All(lines, line => Assert.DoesNotContain(user.Email, line.ToJsonString()));
    }

    [Fact]
    public async Task AnErrorAndAWebSocketOperation_EachLogOneLine_WithTheErrorCodesAndTheUser()
    {
        var logs = new CapturedLogs();
        var server = logs.On(api, LogLevel.Information);
        using var client = server.CreateClient();
        var user = await client.RegisterAsync(password: Password);

        var failed = await client.PostAsync("query Broken { noSuchField }");
        await using (var ws = await WsClient.InitAsync(server, user.AccessToken))
        {
            await ws.SubscribeAsync("1", "query OverSocket { me { id } }");
            Assert.Equal("next", (await ws.ReceiveAsync())!["type"]!.GetValue<string>());
        }

        Assert.Equal("GRAPHQL_VALIDATION_FAILED", failed.FirstErrorCode);
        // The socket's line is written once its operation ends, which can be just after the client has its answer.
        Assert.Equal(1, await Eventually.ReadAsync(() => Task.FromResult(OperationLines(logs, "OverSocket")), 1));
        var operations = logs.Lines.Where(l => l.Category == OperationCategory).ToList();
        var broken = Assert.Single(operations, l => l.StructuredValues.Contains("OperationName=Broken", StringComparison.Ordinal));
        Assert.Contains("Outcome=rejected", broken.StructuredValues);
        Assert.Contains("ErrorCodes=GRAPHQL_VALIDATION_FAILED", broken.StructuredValues);
        var overSocket = Assert.Single(operations, l => l.StructuredValues.Contains("OperationName=OverSocket", StringComparison.Ordinal));
        Assert.Contains("Transport=websocket", overSocket.StructuredValues);
        Assert.Contains("Outcome=ok", overSocket.StructuredValues);
        Assert.DoesNotContain("UserId=anonymous", overSocket.StructuredValues);
        Assert.All(logs.Lines, l => Assert.DoesNotContain(Password, l.Text));
        Assert.All(logs.Lines, l => Assert.DoesNotContain(user.AccessToken, l.Text));
    }

    [Fact]
    public async Task ALongDocument_IsLoggedTruncatedTo2KB()
    {
        var logs = new CapturedLogs();
        using var client = logs.On(api, LogLevel.Information).CreateClient();
        var document = "query Long { plans { tier } }\n# " + new string('x', 3_000);

        await client.PostAsync(document);

        var line = Assert.Single(logs.Lines, l => l.Category == OperationCategory && l.StructuredValues.Contains("OperationName=Long", StringComparison.Ordinal));
        Assert.InRange(line.Message.Length, 2048, 2048 + 400);
        Assert.Contains($"({document.Length} characters)", line.Message);
    }

    private static int OperationLines(CapturedLogs logs, string operationName) =>
        logs.Lines.Count(l => l.Category == OperationCategory && l.StructuredValues.Contains($"OperationName={operationName}", StringComparison.Ordinal));

    private static async Task<List<JsonNode>> WaitForOperationLinesAsync(ServerProcess server, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var lines = server.Output
                .Where(l => l.StartsWith('{'))
                .Select(l => JsonNode.Parse(l)!)
                .Where(l => l["Category"]?.GetValue<string>() == OperationCategory)
                .ToList();
            if (lines.Count >= count || DateTime.UtcNow > deadline)
            {
                Assert.True(lines.Count >= count, $"{lines.Count} operation lines of {count}:\n{string.Join('\n', server.Output.TakeLast(20))}");
                return lines;
            }

            await Task.Delay(100);
        }
    }
}
