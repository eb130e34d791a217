using System.Text.Encodings.Web;
using GraphQL;
using GraphQL.Execution;
using GraphQLParser.AST;
using Son1kVers3.Application.Common;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Hosting;
using Son1kVers3.GraphQL.Schema;
using Son1kVers3.GraphQL.Transport;

namespace Son1kVers3.GraphQL;

public static class GraphQLApi
{
    public static IServiceCollection AddGraphQLApi(this IServiceCollection services, SettingsReader settings, HostSettings host, IHostEnvironment environment)
    {
        var http = GraphQLHttpSettings.Read(settings, environment.IsDevelopment());
        services.AddSingleton(host);
        services.AddSingleton(http);
        services.AddSingleton(Explorer.ExplorerSettings.Read(settings, environment.IsDevelopment()));
        services.AddSingleton<Explorer.ExplorerPage>();

        services.AddGraphQL(b =>
        {
            b.AddSchema<AppSchema>()
                .AddSystemTextJson(json => json.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping)
                .AddGraphTypes(typeof(AppSchema).Assembly)
                .AddErrorInfoProvider<ApiErrorInfoProvider>()
                // The in-flight mutation limit and the authorization check, only on the fields they concern.
                .AddSchemaVisitor<FieldGuards>()
                // Queries run serially: resolvers share the request's scoped DbContext; lists go through batch loaders.
                .AddExecutionStrategy<SerialExecutionStrategy>(OperationType.Query)
                // Subscription events: one execution per group of identical subscribers (Execution/Fanout).
                .AddExecutionStrategy<Execution.Fanout.FanoutSubscriptionStrategy>(OperationType.Subscription)
                .ConfigureExecution<SkipRepeatedValidation>()
                .AddComplexityAnalyzer(c =>
                {
                    c.MaxDepth = http.MaxDepth;
                    c.MaxComplexity = http.MaxComplexity;
                    c.DefaultComplexityImpactDelegate = FieldCosts.Delegate(c.DefaultComplexityImpactDelegate, http);
                })
                .AddUnhandledExceptionHandler(context =>
                    context.ExecutionOptions.RequestServices?.GetRequiredService<ILogger<GraphQLExecutor>>()
                        .LogError(context.OriginalException, "Unhandled error in GraphQL field {Field} (trace {TraceId})", context.FieldContext?.FieldDefinition.Name,
                            TraceIds.Current(context.ExecutionOptions.RequestServices?.GetService<IHttpContextAccessor>()?.HttpContext)));
            if (!http.Introspection)
            {
                b.AddValidationRule(IntrospectionForAdmins.Instance);
            }
        });

        services.AddSingleton<global::GraphQL.Validation.IDocumentValidator>(new KnownValidationResults(new global::GraphQL.Validation.DocumentValidator()));
        services.AddSingleton(InFlightMutationLimit.Settings.Read(settings));
        services.AddSingleton<InFlightMutationLimit>();
        services.AddSingleton(RateLimitSettings.Read(settings));
        services.AddSingleton<RequestRateLimits>();
        services.AddTrustedProxies(settings);
        services.AddHttpContextAccessor();
        services.AddSingleton<Transport.UserSockets>();
        services.AddSingleton<Application.Abstractions.ISecurityStampObserver>(sp => sp.GetRequiredService<Transport.UserSockets>());
        services.AddSingleton<Application.Abstractions.ISessionEndObserver>(sp => sp.GetRequiredService<Transport.UserSockets>());
        services.AddScoped<CurrentUser>();
        services.AddScoped<Features.Accounts.AccountLoaders>();
        services.AddScoped<Features.Generations.GenerationLoaders>();
        services.AddScoped<Features.Sharing.SharesInRequest>();
        services.AddScoped<Features.Media.MediaLinks>();
        services.AddScoped<Features.Chat.ChatLoaders>();
        services.AddSingleton<Features.Chat.ChatDirectory>();
        services.AddSingleton<Execution.Fanout.SharedStreams>();
        services.AddSingleton<Execution.Fanout.SharedResultCache>();
        services.AddSingleton<Execution.Fanout.SubscriptionGroups>();
        services.AddSingleton<Transport.OperationScopes>();
        services.AddSingleton<ParsedDocumentCache>();
        services.AddSingleton(PersistedDocumentSettings.Read(settings));
        services.AddSingleton<PersistedDocuments>();
        services.AddSingleton<GraphQLExecutor>();
        services.AddSingleton(AnswerCacheSettings.Read(settings));
        services.AddSingleton<PublicAnswerCache>();
        services.AddSingleton<OperationRunner>();
        services.AddSingleton<GraphQLRequestReader>();
        services.AddSingleton<GraphQLHttpEndpoint>();
        services.AddSingleton(WebSocketSettings.Read(settings));
        services.AddSingleton<WebSocketConnectionLimits>();
        services.AddSingleton<GraphQLWebSocketEndpoint>();

        services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .WithOrigins([.. host.CorsOrigins])
            .AllowAnyHeader()
            .WithExposedHeaders("Retry-After")
            .WithMethods("GET", "POST")
            .AllowCredentials()));
        return services;
    }

    public static WebApplication UseGraphQLApi(this WebApplication app)
    {
        app.UseTrustedProxies();
        app.UseSecurityHeaders();
        app.UseLastResortErrorHandler();
        app.UseCors();
        // JWT bearer is the only scheme and reads the Authorization header alone: a request without
        // one (the public queries) skips the authentication handler. The key keeps WebApplication from
        // adding UseAuthentication for every request in front of this pipeline.
        app.UseWhen(context => context.Request.Headers.Authorization.Count > 0, signedIn => signedIn.UseAuthentication());
        ((IApplicationBuilder)app).Properties["__AuthenticationMiddlewareSet"] = true;
        app.MapHealthEndpoint();
        Explorer.ExplorerPage.UseExplorerAssets(app);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.Map("/graphql", (HttpContext context, GraphQLHttpEndpoint http, GraphQLWebSocketEndpoint webSocket) =>
            context.WebSockets.IsWebSocketRequest ? webSocket.HandleAsync(context) : http.HandleAsync(context));
        return app;
    }
}
