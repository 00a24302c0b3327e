using BenchmarkDotNet.Analysers;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Validators;

namespace Bridgehead.Benchmarks.Storage;

/// <summary>
/// Adds a "CPU/op" column: the benchmark process's CPU time (user + system, every thread: the
/// location writer, the thread pool, the GC) over the main run, divided by the operations run.
/// Group commit spends CPU on threads other than the caller's, and on a shared machine wall time
/// says more about the neighbours than about us; CPU per save is the figure the REGISTER budget
/// (Kamailio's ~115 µs per REGISTER including persistence) is stated in.
/// </summary>
public sealed class ProcessCpuDiagnoser : IDiagnoser
{
    private readonly Dictionary<BenchmarkCase, TimeSpan> before = [];
    private readonly Dictionary<BenchmarkCase, TimeSpan> spent = [];

    public IEnumerable<string> Ids => ["ProcessCpu"];

    public IEnumerable<IExporter> Exporters => [];

    public IEnumerable<IAnalyser> Analysers => [];

    public RunMode GetRunMode(BenchmarkCase benchmarkCase) => RunMode.NoOverhead;

    public void Handle(HostSignal signal, DiagnoserActionParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (signal is not (HostSignal.BeforeActualRun or HostSignal.AfterActualRun))
        {
            return;
        }

        parameters.Process.Refresh();
        var cpu = parameters.Process.TotalProcessorTime;
        if (signal == HostSignal.BeforeActualRun)
        {
            before[parameters.BenchmarkCase] = cpu;
        }
        else if (before.TryGetValue(parameters.BenchmarkCase, out var start))
        {
            spent[parameters.BenchmarkCase] = cpu - start;
        }
    }

    public IEnumerable<Metric> ProcessResults(DiagnoserResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var operations = results.Measurements
            .Where(m => m.IterationMode == IterationMode.Workload && m.IterationStage == IterationStage.Actual)
            .Sum(m => m.Operations);
        if (operations > 0 && spent.TryGetValue(results.BenchmarkCase, out var cpu))
        {
            yield return new Metric(CpuPerOperation.Instance, cpu.TotalNanoseconds / operations);
        }
    }

    public void DisplayResults(ILogger logger)
    {
    }

    public IEnumerable<ValidationError> Validate(ValidationParameters validationParameters) => [];

    private sealed class CpuPerOperation : IMetricDescriptor
    {
        public static readonly CpuPerOperation Instance = new();

        public string Id => "CpuPerOperation";

        public string DisplayName => "CPU/op";

        public string Legend => "Process CPU time (all threads, user + system) per operation in the main run";

        public string NumberFormat => "N2";

        public UnitType UnitType => UnitType.Time;

        public string Unit => "ns";

        public bool TheGreaterTheBetter => false;

        public int PriorityInCategory => 0;

        public bool GetIsAvailable(Metric metric) => true;
    }
}

/// <summary>The storage benchmarks' config: memory and process CPU per operation.</summary>
public sealed class StorageBenchmarkConfig : ManualConfig
{
    public StorageBenchmarkConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default, new ProcessCpuDiagnoser());
    }
}
