using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Son1kVers3.Integration.Tests.Support;

/// <summary>
/// One log line as it would be printed: <see cref="Message"/> is the formatted message followed by
/// the exception (with its inner exceptions); <see cref="Text"/> adds the structured values, for
/// tests that look for anything that leaked.
/// </summary>
public sealed record LogLine(LogLevel Level, string Category, string Message, string StructuredValues)
{
    public string Text => $"{Message} {StructuredValues}";
}

/// <summary>Every log line a test server writes, in every category, from a chosen level up.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> _lines = new();

    public IReadOnlyList<LogLine> Lines => [.. _lines];

    /// <summary>The server with this capture added (from <paramref name="minimum"/> up, whatever the configuration says).</summary>
    public WebApplicationFactory<Program> On(WebApplicationFactory<Program> server, LogLevel minimum = LogLevel.Trace) =>
        server.WithWebHostBuilder(builder => builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(this);
            logging.AddFilter<CapturedLogs>(null, minimum);
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
            var message = formatter(state, exception) + (exception is null ? "" : Environment.NewLine + exception);
            var structured = state is IEnumerable<KeyValuePair<string, object?>> values ? string.Join(' ', values.Select(v => $"{v.Key}={v.Value}")) : "";
            owner._lines.Enqueue(new LogLine(logLevel, category, message, structured));
        }
    }
}
