using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Son1kVers3.Integration.Tests.Support;
using Xunit.Abstractions;

namespace Son1kVers3.Integration.Tests.Http;

/// <summary>
/// About a thousand generated hostile requests (malformed JSON, huge numbers, deep nesting, bad
/// UTF-8 and UTF-16, oversized variables, unknown operations, wrong methods and content types):
/// none may answer 5xx (or an INTERNAL_SERVER_ERROR inside a 200), and the server keeps answering normal queries (issue 9, "done means").
/// </summary>
[Collection(ApiCollection.Name)]
public class HostileInputSweepTests(ApiFactory api, ITestOutputHelper output)
{
    private sealed record Case(string Name, HttpMethod Method, string Url, byte[]? Body, string? ContentType);

    private const string Valid = """{"query":"query($d: Date) { plans { tier } tokenPool(date: $d) { date } }","variables":{"d":"2026-01-02"}}""";

    [Fact]
    public async Task AThousandHostileRequests_GetNo5xx_AndTheServerStillAnswers()
    {
        var cases = Cases().ToList();
        using var client = api.CreateClient();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var started = System.Diagnostics.Stopwatch.StartNew();

        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (c, ct) =>
        {
            try
            {
                using var request = new HttpRequestMessage(c.Method, c.Url);
                if (c.Body is not null)
                {
                    request.Content = new ByteArrayContent(c.Body);
                    if (c.ContentType is not null)
                    {
                        request.Content.Headers.TryAddWithoutValidation("Content-Type", c.ContentType);
                    }
                }

                using var response = await client.SendAsync(request, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                if ((int)response.StatusCode >= 500 || body.Contains("INTERNAL_SERVER_ERROR", StringComparison.Ordinal))
                {
                    failures.Add($"{c.Name}: {(int)response.StatusCode} {body}");
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures.Add($"{c.Name}: {ex.GetType().Name} {ex.Message}");
            }
        });

        output.WriteLine($"{cases.Count} cases in {started.Elapsed.TotalSeconds:0.0} s, {failures.Count} answered 5xx");
        var after = await client.PostRawAsync(Valid);
        Assert.True(failures.IsEmpty, $"{failures.Count} of {cases.Count} cases answered 5xx:\n" + string.Join("\n", failures.Take(30)));
        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.Equal(4, after.Data!["plans"]!.AsArray().Count);
        Assert.InRange(started.Elapsed.TotalSeconds, 0, 30);
        Assert.InRange(cases.Count, 1000, 1200);
    }

    private static Case Post(string name, string body, string contentType = "application/json") =>
        new(name, HttpMethod.Post, "/graphql", Encoding.UTF8.GetBytes(body), contentType);

    private static Case PostBytes(string name, byte[] body) => new(name, HttpMethod.Post, "/graphql", body, "application/json");

    private static Case PostQuery(string name, string query, string variablesJson = "null") =>
        Post(name, "{\"query\":" + System.Text.Json.JsonSerializer.Serialize(query) + ",\"variables\":" + variablesJson + "}");

    private static Case Get(string name, string query, string? variables = null) =>
        new(name, HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString(query) + (variables is null ? "" : "&variables=" + Uri.EscapeDataString(variables)), null, null);

    private static IEnumerable<Case> Cases()
    {
        var random = new Random(9);

        // Malformed JSON: every truncation of a valid body, and random byte flips.
        for (var i = 0; i < Valid.Length; i += 2)
        {
            yield return Post($"truncated at {i}", Valid[..i]);
        }

        for (var i = 0; i < 150; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(Valid);
            for (var flips = 0; flips < 1 + (i % 4); flips++)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            yield return PostBytes($"flipped bytes #{i}", bytes);
        }

        foreach (var body in new[] { "", " ", "null", "true", "[]", "{}", "{{}", "{\"query\":}", "{\"query\":\"{ plans { tier } }\",}", "{\"query\":\"x\"}}", "\uFEFF" + Valid, "{\"query\":\"{ plans { tier } }\",\"query\":7}" })
        {
            yield return Post($"odd body {body}", body);
        }

        // Huge numbers, in variables and literals.
        foreach (var number in new[] { "1e400", "-1e400", "123456789012345678901234567890", "1.7976931348623157e309", "-0", "0.0000000000000000000001", "2147483648", "-2147483649", "9223372036854775808", "1e-400", "NaN", "Infinity" })
        {
            yield return Post($"variable number {number}", """{"query":"query($n: Int) { myGenerations(first: $n) { totalCount } }","variables":{"n":""" + number + "}}");
            yield return Post($"extension number {number}", """{"query":"{ plans { tier } }","extensions":{"n":""" + number + "}}");
            yield return PostQuery($"literal number {number}", $"{{ myGenerations(first: {number}) {{ totalCount }} }}");
            yield return PostQuery($"float literal {number}", $"{{ analytics {{ clients {{ daily(days: {number}) {{ count }} }} }} }}");
        }

        // Deep nesting: JSON, GraphQL selections, list and object literals.
        foreach (var depth in new[] { 10, 50, 63, 64, 65, 100, 129, 500, 2_000, 10_000 })
        {
            yield return Post($"json object depth {depth}", "{\"query\":\"{ plans { tier } }\",\"variables\":{\"v\":" + string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth) + "}}");
            yield return Post($"json array depth {depth}", "{\"query\":\"{ plans { tier } }\",\"variables\":{\"v\":" + new string('[', depth) + new string(']', depth) + "}}");
            yield return PostQuery($"selection depth {depth}", "{" + string.Concat(Enumerable.Repeat(" me {", depth)) + " id" + new string('}', depth + 1));
            yield return PostQuery($"list literal depth {depth}", "{ tokenPool(date: " + new string('[', depth) + "1" + new string(']', depth) + ") { date } }");
            yield return PostQuery($"object literal depth {depth}", "{ tokenPool(date: " + string.Concat(Enumerable.Repeat("{a: ", depth)) + "1" + new string('}', depth) + ") { date } }");
            yield return Get($"get selection depth {depth}", "{" + string.Concat(Enumerable.Repeat(" me {", Math.Min(depth, 1_500))) + " id" + new string('}', Math.Min(depth, 1_500) + 1));
        }

        // Bad UTF-8 sequences placed in the query, a variable, a key and the operation name.
        var badUtf8 = new[] { new byte[] { 0xFF }, [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xF8, 0x88, 0x80, 0x80, 0x80] };
        var templates = new[]
        {
            """{"query":"{ plans { tier@ } }"}""",
            """{"query":"query($s: String!) { sharedGeneration(slug: $s) { slug } }","variables":{"s":"a@b"}}""",
            """{"query":"{ plans { tier } }","variables":{"k@":1}}""",
            """{"query":"query Q { plans { tier } }","operationName":"Q@"}""",
            """{"query":"{ plans { tier } }","extensions":{"e":"@"}}""",
        };
        foreach (var template in templates)
        {
            foreach (var bad in badUtf8)
            {
                var parts = template.Split('@');
                yield return PostBytes($"bad utf-8 {Convert.ToHexString(bad)} in {template}", [.. Encoding.UTF8.GetBytes(parts[0]), .. bad, .. Encoding.UTF8.GetBytes(parts[1])]);
            }
        }

        // Bad UTF-16 and NUL: JSON escapes and GraphQL escapes, in every position.
        foreach (var escape in new[] { "\\ud800", "\\udfff", "\\ud800\\ud800", "\\udc00\\ud800", "\\u0000", "a\\u0000b", "\\ud83d" })
        {
            foreach (var template in templates)
            {
                yield return Post($"json escape {escape} in {template}", template.Replace("@", escape, StringComparison.Ordinal));
            }

            yield return PostQuery($"graphql escape {escape}", "{ sharedGeneration(slug: \"x" + escape.Replace("\\\\", "\\", StringComparison.Ordinal) + "\") { slug } }");
            yield return Get($"get escape {escape}", "{ sharedGeneration(slug: \"x" + escape + "\") { slug } }", "{\"v\":\"" + escape + "\"}");
        }

        // Oversized variables and strings.
        yield return Post("variables over the body limit", "{\"query\":\"{ plans { tier } }\",\"variables\":{\"v\":\"" + new string('x', 300_000) + "\"}}");
        yield return PostQuery("huge slug", "query($s: String!) { sharedGeneration(slug: $s) { slug } }", "{\"s\":\"" + new string('s', 200_000) + "\"}");
        yield return PostQuery("huge install id", "mutation($i: RegisterClientInput!) { registerClient(input: $i) { newToday errors { code } } }", "{\"i\":{\"installId\":\"" + new string('i', 200_000) + "\"}}");
        yield return PostQuery("wide array variable", "query($d: Date) { tokenPool(date: $d) { date } }", "{\"d\":[" + string.Join(",", Enumerable.Repeat("1", 50_000)) + "]}");
        yield return PostQuery("many variables", "{ plans { tier } }", "{" + string.Join(",", Enumerable.Range(0, 20_000).Select(i => $"\"v{i}\":{i}")) + "}");
        yield return PostQuery("huge document", "{" + string.Concat(Enumerable.Repeat(" plans { tier }", 15_000)) + " }");

        // Unknown and ambiguous operations.
        foreach (var (query, name) in new[]
        {
            ("query A { plans { tier } }", "B"), ("query A { plans { tier } } query B { plans { tier } }", ""), ("query A { plans { tier } } query A { plans { tier } }", "A"),
            ("fragment F on Query { plans { tier } }", ""), ("", ""), ("   ", ""), ("# only a comment", ""), ("subscription { tokenPoolUpdated { date } }", ""),
            ("mutation { nope }", ""), ("{ nope }", ""), ("query($x: Nope) { plans { tier } }", ""), ("{ plans(x: 1) { tier } }", ""), ("{ ...Missing }", ""),
            ("fragment A on Query { ...B } fragment B on Query { ...A } { ...A }", ""), ("{ plans { ... on Nope { tier } } }", ""), ("{ plans @nope { tier } }", ""),
            ("query($n: Int) { myGenerations(first: $n) { totalCount } }", ""), ("schema { query: Query }", ""), ("type X { a: Int }", ""),
        })
        {
            yield return Post($"operation '{query}' named '{name}'", "{\"query\":" + System.Text.Json.JsonSerializer.Serialize(query) + (name.Length > 0 ? ",\"operationName\":\"" + name + "\"" : "") + "}");
            yield return Get($"get operation '{query}'", query);
        }

        // Wrong methods, content types and GET parameters.
        foreach (var contentType in new[] { "text/plain", "application/graphql", "multipart/form-data; boundary=x", "application/json; charset=latin1", "application/x-www-form-urlencoded", "application/json; charset=\"", ";;", "application/jsonx", "*/*" })
        {
            yield return Post($"content type {contentType}", Valid, contentType);
        }

        yield return new Case("no content type", HttpMethod.Post, "/graphql", Encoding.UTF8.GetBytes(Valid), null);
        foreach (var method in new[] { HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Head, HttpMethod.Options, new HttpMethod("TRACE"), new HttpMethod("PROPFIND") })
        {
            yield return new Case($"method {method}", method, "/graphql", Encoding.UTF8.GetBytes(Valid), "application/json");
        }

        foreach (var url in new[] { "/graphql?query=", "/graphql?variables=%7B", "/graphql?query=%7Bplans%7Btier%7D%7D&variables=%5B1%5D", "/graphql?query=%7Bplans%7Btier%7D%7D&variables=%FF", "/graphql?query=%FF%FE", "/graphql?query=%7Bplans%7Btier%7D%7D&extensions=nope", "/graphql?query=a&query=b", "/graphql?query=%7Bplans%7Btier%7D%7D&operationName=%00" })
        {
            yield return new Case($"get {url}", HttpMethod.Get, url, null, null);
        }

        // Random mutations of valid documents.
        var documents = new[]
        {
            "query($n: Int) { myGenerations(first: $n, after: \"abc\") { totalCount edges { cursor node { id status } } } }",
            "{ tokenPool(date: \"2026-01-02\") { date free { capacity } } plans { tier tools } }",
            "mutation { registerClient(input: { installId: \"12345678-install\" }) { newToday errors { code } } }",
            "query Q($id: ID!) { node(id: $id) { id ... on Generation { status tracks { id } } } }",
        };
        const string alphabet = "{}()[]:$@!.,\"\\ \n#=|&abcXYZ0123456789...\u0000\u00e9";
        for (var i = 0; i < 420; i++)
        {
            var text = new StringBuilder(documents[i % documents.Length]);
            for (var edits = 0; edits < 1 + (i % 5); edits++)
            {
                var at = random.Next(text.Length);
                switch (random.Next(3))
                {
                    case 0: text.Remove(at, 1); break;
                    case 1: text.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                    default: text[at] = alphabet[random.Next(alphabet.Length)]; break;
                }
            }

            yield return PostQuery($"mutated document #{i}", text.ToString(), random.Next(3) switch { 0 => "{\"n\":3,\"id\":\"R2VuZXJhdGlvbjox\"}", 1 => "{\"n\":\"x\",\"id\":5}", _ => "null" });
        }

        // Random cursors and global ids.
        for (var i = 0; i < 60; i++)
        {
            var raw = new byte[random.Next(1, 40)];
            random.NextBytes(raw);
            var text = i % 2 == 0 ? Convert.ToBase64String(raw) : Convert.ToBase64String(Encoding.UTF8.GetBytes($"{random.NextInt64()}{(i % 3 == 0 ? "0000000" : "")}:{Guid.NewGuid():N}"));
            yield return PostQuery($"cursor #{i}", "query($a: String) { myGenerations(after: $a) { totalCount } }", "{\"a\":\"" + text + "\"}");
            yield return PostQuery($"global id #{i}", "query($id: ID!) { node(id: $id) { id } generation(id: $id) { id } }", "{\"id\":\"" + text + "\"}");
        }
    }
}
