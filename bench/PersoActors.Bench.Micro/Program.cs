using BenchmarkDotNet.Running;

// Micro benchmarks (BenchmarkDotNet): the in-grain recommendation, the recommendation answer's JSON, a journal's replay
// on activation and the load driver's latency histogram, each with allocated bytes per operation. bench/run runs them
// with `--job short`; by hand: dotnet run -c Release --project bench/PersoActors.Bench.Micro -- --filter '*' [--job short]
BenchmarkSwitcher.FromAssembly(typeof(PersoActors.Bench.Micro.RecommendBenchmarks).Assembly).Run(args);
