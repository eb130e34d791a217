using System.Net.Sockets;
using Npgsql;
using Son1kVers3.Domain.Common;
using Son1kVers3.Infrastructure.Redis;

namespace Son1kVers3.Infrastructure.Faults;

/// <summary>
/// Tells a dependency outage (PostgreSQL or Redis refusing, timing out, restarting, out of
/// connections) from a bug, by looking through the exception and everything it wraps (EF Core's
/// DbUpdateException and the retry strategy's InvalidOperationException included).
/// </summary>
public static class DependencyOutage
{
    /// <summary>What a client is told to wait before retrying.</summary>
    public const int RetryAfterSeconds = 5;

    public const string Code = ErrorCodes.ServiceUnavailable;

    /// <summary>"PostgreSQL" or "Redis" when the failure is that dependency being unavailable; otherwise null.</summary>
    public static string? DependencyOf(Exception? failure)
    {
        for (var depth = 0; failure is not null && depth < 10; depth++)
        {
            if (Classify(failure) is { } dependency)
            {
                return dependency;
            }

            if (failure is AggregateException { InnerExceptions.Count: > 0 } aggregate)
            {
                return aggregate.InnerExceptions.Select(DependencyOf).FirstOrDefault(d => d is not null);
            }

            failure = failure.InnerException;
        }

        return null;
    }

    /// <summary>The message a client sees: what is away and when to retry.</summary>
    public static string MessageFor(string dependency) =>
        $"The service is temporarily unavailable ({dependency} is not answering); retry in {RetryAfterSeconds} seconds.";

    private static string? Classify(Exception failure) => failure switch
    {
        PostgresException postgres => IsUnavailable(postgres.SqlState) ? "PostgreSQL" : null,
        NpgsqlException { IsTransient: true } => "PostgreSQL",
        NpgsqlException { InnerException: SocketException or IOException or TimeoutException } => "PostgreSQL",
        _ when RedisCircuit.IsUnavailable(failure) => "Redis",
        _ => null,
    };

    /// <summary>Connection exceptions (08), too many connections (53300), shutting down or starting (57P01–57P03).</summary>
    private static bool IsUnavailable(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal) || sqlState is "53300" or "57P01" or "57P02" or "57P03";
}
