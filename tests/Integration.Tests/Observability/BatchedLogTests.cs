using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Son1kVers3.GraphQL.Observability;

namespace Son1kVers3.Integration.Tests.Observability;

/// <summary>
/// Issue 15: JSON log lines are written in batches (the console logger's one write and one thread
/// wake-up per line cost a third of a small query's CPU), still whole, in order, and soon.
/// </summary>
public class BatchedLogTests
{
    [Fact]
    public async Task ManyLinesFromManyThreads_AreWrittenWholeAndInOrderPerThread_InFarFewerWritesThanLines_WithinAFewFlushIntervals()
    {
        using var services = new ServiceCollection().AddLogging(l => l.AddJsonConsole()).BuildServiceProvider();
        var formatter = services.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Json);
        var output = new CountingStream();
        using var provider = new BatchedConsoleLoggerProvider(formatter, output);
        var logger = provider.CreateLogger("Bench");
        const int Threads = 8;
        const int PerThread = 500;

        await Task.WhenAll(Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                logger.LogInformation("line {Thread} {Index} ünïcødé ✓", t, i);
            }
        })));
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (output.Text.Count(c => c == '\n') < Threads * PerThread && DateTime.UtcNow < deadline)
        {
            await Task.Delay(BatchedConsoleLoggerProvider.FlushInterval);
        }

        var lines = output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(Threads * PerThread, lines.Count);
        Assert.All(lines, l => Assert.EndsWith("ünïcødé ✓", l["Message"]!.GetValue<string>(), StringComparison.Ordinal));
        for (var t = 0; t < Threads; t++)
        {
            var indexes = lines.Where(l => l["State"]!["Thread"]!.GetValue<int>() == t).Select(l => l["State"]!["Index"]!.GetValue<int>()).ToList();
            Assert.Equal(Enumerable.Range(0, PerThread), indexes);
        }

        Assert.InRange(output.Writes, 1, Threads * PerThread / 10);
    }

    [Fact]
    public void Disposing_WritesWhatIsPending_AtOnce()
    {
        using var services = new ServiceCollection().AddLogging(l => l.AddJsonConsole()).BuildServiceProvider();
        var output = new CountingStream();
        var provider = new BatchedConsoleLoggerProvider(services.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Json), output);

        provider.CreateLogger("Shutdown").LogWarning("last words");
        provider.Dispose();

        Assert.Contains("last words", output.Text, StringComparison.Ordinal);
    }

    private sealed class CountingStream : Stream
    {
        private readonly MemoryStream _bytes = new();

        public int Writes { get; private set; }

        public string Text
        {
            get
            {
                lock (_bytes)
                {
                    return Encoding.UTF8.GetString(_bytes.ToArray());
                }
            }
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            lock (_bytes)
            {
                Writes++;
                _bytes.Write(buffer);
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
