using System.Buffers;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Son1kVers3.GraphQL.Observability;

/// <summary>
/// JSON logs on stdout, line for line what the console logger's JSON formatter writes, but written
/// in batches: the calling thread formats its line and appends it to a buffer under a short lock,
/// and one background thread writes what gathered every <see cref="FlushInterval"/> in one write.
/// The console logger instead wakes its writer thread and makes one write per line, which cost
/// about a third of the CPU of a small query (benchmarks/results/plans-cpu-per-request.txt).
/// Pending output is bounded (<see cref="MaxPendingBytes"/>: the caller then writes it itself)
/// and flushed when the host stops or the process exits.
/// </summary>
[ProviderAlias("Console")]
internal sealed class BatchedConsoleLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(20);

    public const int MaxPendingBytes = 1 << 20;

    [ThreadStatic]
    private static StringWriter? t_line;

    private readonly ConsoleFormatter _formatter;
    private readonly Stream _output;
    private readonly object _gate = new();
    private readonly object _writeGate = new();
    private readonly Encoder _encoder = new UTF8Encoding(false).GetEncoder();
    private readonly Thread _writer;
    private ArrayBufferWriter<byte> _pending = new(64 * 1024);
    private ArrayBufferWriter<byte> _spare = new(64 * 1024);
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();
    private volatile bool _stopped;

    public BatchedConsoleLoggerProvider(IEnumerable<ConsoleFormatter> formatters)
        : this(formatters.First(f => f.Name == ConsoleFormatterNames.Json), Console.OpenStandardOutput())
    {
    }

    internal BatchedConsoleLoggerProvider(ConsoleFormatter formatter, Stream output)
    {
        _formatter = formatter;
        _output = output;
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "Log writer" };
        _writer.Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Flush();
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    /// <summary>Writes everything appended so far.</summary>
    public void Flush()
    {
        lock (_writeGate)
        {
            ArrayBufferWriter<byte> batch;
            lock (_gate)
            {
                batch = _pending;
                _pending = _spare;
                _spare = batch;
            }

            if (batch.WrittenCount > 0)
            {
                try
                {
                    _output.Write(batch.WrittenSpan);
                    _output.Flush();
                }
                catch (IOException)
                {
                    // stdout closed: nothing left to tell
                }

                batch.ResetWrittenCount();
            }
        }
    }

    public void Dispose()
    {
        _stopped = true;
        _writer.Join(FlushInterval * 10);
        Flush();
    }

    private void Append(StringBuilder line)
    {
        bool full;
        lock (_gate)
        {
            foreach (var chunk in line.GetChunks())
            {
                var span = _pending.GetSpan(Encoding.UTF8.GetMaxByteCount(chunk.Length));
                _encoder.Convert(chunk.Span, span, flush: false, out _, out var written, out _);
                _pending.Advance(written);
            }

            full = _pending.WrittenCount >= MaxPendingBytes;
        }

        if (full)
        {
            Flush();
        }
    }

    private void WriteLoop()
    {
        while (!_stopped)
        {
            Thread.Sleep(FlushInterval);
            Flush();
        }
    }

    private sealed class Logger(BatchedConsoleLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var writer = t_line ??= new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            var line = writer.GetStringBuilder();
            line.Clear();
            owner._formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), owner._scopes, writer);
            if (line.Length > 0)
            {
                owner.Append(line);
            }

            if (line.Capacity > 64 * 1024)
            {
                t_line = null; // one huge line does not stay pinned to the thread
            }
        }
    }
}
