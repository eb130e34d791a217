using System.Net;
using System.Text;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Http;

/// <summary>Inputs that answered 500 and now answer a clear 4xx (issue 9, item 17).</summary>
[Collection(ApiCollection.Name)]
public class EdgeInputErrorsTests(ApiFactory api)
{
    private const string Secret = "edge-input-callback-secret";

    [Theory]
    [InlineData("[1, 2, 3]", "JSON object")]
    [InlineData("\"callback\"", "JSON object")]
    [InlineData("42", "JSON object")]
    [InlineData("""{"code": 200.5, "msg": "ok", "data": {"task_id": "t", "callbackType": "complete"}}""", "'code' must be an integer")]
    [InlineData("""{"code": 1e30, "msg": "ok", "data": {"task_id": "t", "callbackType": "complete"}}""", "'code' must be an integer")]
    [InlineData("""{"code": "200", "msg": "ok", "data": {"task_id": "t", "callbackType": "complete"}}""", "'code' must be an integer")]
    public async Task ASunoCallback_ThatIsNotAnObjectWithAnIntegerCode_Is400(string body, string expected)
    {
        using var client = api.With(("SUNO_CALLBACK_SECRET", Secret)).CreateClient();

        var response = await client.PostAsync($"/webhooks/suno?s={Secret}", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ACursorPastTheLastRepresentableDate_IsBadUserInput()
    {
        using var client = api.CreateClient();
        var user = await client.RegisterAsync();
        var cursor = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{long.MaxValue}:{Guid.NewGuid():N}"));

        var response = await client.PostAsAsync(user.AccessToken, "query($after: String) { myGenerations(after: $after) { totalCount } }", new { after = cursor });

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("BAD_USER_INPUT", response.FirstErrorCode);
        Assert.Contains("after", response.FirstErrorMessage);
    }
}
