using Son1kVers3.Benchmarks.Compare;
using Son1kVers3.Benchmarks.Scenarios;

namespace Son1kVers3.Benchmarks;

/// <summary>
/// ./bench.sh ledger [seconds=10] [concurrency=16] [users=2000]
/// ./bench.sh live   [generations=700] [creators=16]
/// ./bench.sh storm  [creates=2000] [users=200] [inFlight=100]
/// ./bench.sh chat   [subscribers=1000] [senders=50] [messagesPerSender=4]
/// ./bench.sh fanout [subscribers=10000] [other-build-bin-dir]   (FANOUT_SERVER_ENV="K=V;K2=V2": server settings for the run)
/// ./bench.sh compare [seconds=10] [rounds=3] [users=1000]
/// ./bench.sh gen [seconds=5] [rounds=2] [users=400] [other-build-bin-dir]
/// </summary>
internal static class BenchmarkMain
{
    public static async Task<int> Main(string[] args)
    {
        int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index]) : fallback;
        switch (args.FirstOrDefault())
        {
            case "ledger":
                await LedgerBenchmark.RunAsync(Arg(1, 10), Arg(2, 16), Arg(3, 2000));
                return 0;
            case "live":
                await LiveBenchmark.RunAsync(Arg(1, 700), Arg(2, 16));
                return 0;
            case "storm":
                await StormBenchmark.RunAsync(Arg(1, 2000), Arg(2, 200), Arg(3, 100));
                return 0;
            case "chat":
                await ChatBenchmark.RunAsync(Arg(1, 1000), Arg(2, 50), Arg(3, 4));
                return 0;
            case "fanout":
                await FanoutBenchmark.RunAsync(Arg(1, 10_000), args.Length > 2 ? args[2] : null);
                return 0;
            case "compare":
                await CompareBenchmark.RunAsync(Arg(1, 10), Arg(2, 3), Arg(3, 1000));
                return 0;
            case "gen":
                await GenerationBenchmark.RunAsync(Arg(1, 5), Arg(2, 2), Arg(3, 400), args.Length > 4 ? args[4] : null);
                return 0;
            case "raw-ceiling":
                await RawCeiling.RunAsync(args[1]);
                return 0;
            default:
                Console.Error.WriteLine("usage: ledger [seconds] [concurrency] [users] | live [generations] [creators] | storm [creates] [users] [inFlight] | chat [subscribers] [senders] [messagesPerSender] | fanout [subscribers] [other-build-bin-dir] | compare [seconds] [rounds] [users] | gen [seconds] [rounds] [users] [other-build-bin-dir]");
                return 2;
        }
    }
}
