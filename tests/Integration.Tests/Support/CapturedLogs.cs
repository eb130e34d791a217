using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Son1kVers3.Integration.Tests.Support;

/// <summary>
/// Every log line a test server writes, at every level and in every category, as it would be
/// printed: the formatted message, then the exception with its inner exceptions.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Text)> _lines = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Text)> Lines => [.. _lines];

    /// <summary>The server with this capture added (Trace and up, whatever the configuration says).</summary>
    public WebApplicationFactory<Program> On(WebApplicationFactory<Program> server) =>
        server.WithWebHostBuilder(builder => builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(this);
            logging.AddFilter<CapturedLogs>(null, LogLevel.Trace);
        }));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var structured = state is IEnumerable<KeyValuePair<string, object?>> values ? string.Join(' ', values.Select(v => $"{v.Key}={v.Value}")) : "";
            owner._lines.Enqueue((logLevel, category, $"{formatter(state, exception)} {structured} {exception}"));
        }
    }
}
