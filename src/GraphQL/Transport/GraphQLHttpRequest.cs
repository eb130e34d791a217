using GraphQL;

namespace Son1kVers3.GraphQL.Transport;

/// <summary>One GraphQL request as read from HTTP (the spec's query, operationName, variables, extensions).</summary>
public sealed record GraphQLHttpRequest(string Query, string? OperationName, Inputs? Variables, Inputs? Extensions);

/// <summary>A request that is not well-formed GraphQL-over-HTTP: answered with this status and message.</summary>
public sealed record HttpProblem(int StatusCode, string Message, string Code = "BAD_REQUEST", string? Allow = null);
