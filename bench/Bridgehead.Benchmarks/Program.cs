using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Bridgehead.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(System.Reflection.Assembly.GetExecutingAssembly()).Run(args);
