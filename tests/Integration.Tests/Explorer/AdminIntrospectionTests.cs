using System.Net;
using Microsoft.AspNetCore.Hosting;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Explorer;

/// <summary>Introspection in Production (GRAPHQL_INTROSPECTION unset, so off): only a signed-in ADMIN may, so an admin can use the explorer there.</summary>
[Collection(ApiCollection.Name)]
public class AdminIntrospectionTests(ApiFactory api)
{
    private readonly HttpClient _production = api.WithWebHostBuilder(builder =>
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("GRAPHQL_INTROSPECTION", null);
    }).CreateClient();

    [Fact]
    public async Task InProduction_AnAdminMayIntrospect_WhileAnonymousRequestsAndOrdinaryUsersAreRefused()
    {
        var admin = await _production.LoginAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword);
        var user = await _production.RegisterAsync();

        var asAdmin = await _production.PostAsAsync(admin.AccessToken, IntrospectionQuery.Text);
        var asUser = await _production.PostAsAsync(user.AccessToken, IntrospectionQuery.Text);
        var anonymous = await _production.PostAsync(IntrospectionQuery.Text);

        Assert.Equal(HttpStatusCode.OK, asAdmin.Status);
        Assert.Null(asAdmin.Errors);
        Assert.Contains(asAdmin.Data!["__schema"]!["types"]!.AsArray(), t => t!["name"]!.GetValue<string>() == "TokenPool");
        Assert.Equal(HttpStatusCode.BadRequest, asUser.Status);
        Assert.Equal("INTROSPECTION_DISABLED", asUser.FirstErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, anonymous.Status);
        Assert.Equal("INTROSPECTION_DISABLED", anonymous.FirstErrorCode);
    }

    [Fact]
    public async Task InProduction_AnAdminMayAskForOneType_AndEveryoneStillGetsTypename()
    {
        var admin = await _production.LoginAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword);

        var asAdmin = await _production.PostAsAsync(admin.AccessToken, "{ __type(name: \"Plan\") { name } }");
        var anonymous = await _production.PostAsync("{ __type(name: \"Plan\") { name } }");
        var typename = await _production.PostAsync("{ __typename }");

        Assert.Equal("Plan", asAdmin.Data!["__type"]!["name"]!.GetValue<string>());
        Assert.Equal("INTROSPECTION_DISABLED", anonymous.FirstErrorCode);
        Assert.Equal("Query", typename.Data!["__typename"]!.GetValue<string>());
    }
}
