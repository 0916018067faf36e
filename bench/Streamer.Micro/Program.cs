using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Streamer.Micro -- --filter '*' [--job short]   (bench/run.sh micro does this)
BenchmarkSwitcher.FromAssembly(typeof(Streamer.Micro.ParserBenchmarks).Assembly).Run(args);
