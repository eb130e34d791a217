using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Http;

/// <summary>
/// The field middlewares (the in-flight mutation limit, the authorization check) sit on the fields
/// they concern only: as schema-wide middlewares they ran on every field of every request (about 70
/// calls of each for one plan table) to let nearly all of them through. What they refuse is tested
/// where it is refused (TokenAndRoleTests, AdminUserTests, IdempotencyAndContentionTests, ...).
/// </summary>
[Collection(ApiCollection.Name)]
public class FieldGuardsTests(ApiFactory api)
{
    [Fact]
    public async Task NoMiddlewareRunsOnEveryField_OnlyTheMutationRootAndTheFieldsThatDeclareAuthorization_AreGuarded()
    {
        var client = api.CreateClient();
        Assert.Null((await client.PostAsync("{ plans { tier } }")).Errors); // the schema is built
        var schema = api.Services.GetRequiredService<ISchema>();

        Assert.Null(schema.FieldMiddleware.Build());
        var fields = schema.AllTypes.OfType<IObjectGraphType>().SelectMany(type => type.Fields.Select(field => (type, field))).ToList();
        Assert.Contains(fields, f => Authorization.Concerns(f.field) && !ReferenceEquals(f.type, schema.Mutation));
        Assert.All(fields, f =>
        {
            var mutation = ReferenceEquals(f.type, schema.Mutation);
            var resolver = f.field.Resolver;
            if (mutation)
            {
                var limit = Assert.IsType<FieldGuards.Guarded>(resolver);
                Assert.IsType<InFlightMutationLimit>(limit.Middleware);
                resolver = limit.Inner;
            }

            if (Authorization.Concerns(f.field))
            {
                Assert.IsType<Authorization.FieldMiddleware>(Assert.IsType<FieldGuards.Guarded>(resolver).Middleware);
            }
            else
            {
                Assert.IsNotType<FieldGuards.Guarded>(resolver);
            }
        });
    }
}
