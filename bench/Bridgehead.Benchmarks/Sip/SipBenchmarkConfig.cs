using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Bridgehead.Benchmarks.Sip;

/// <summary>
/// With BRIDGEHEAD_BENCH_CLOCK=thread-cpu, the SIP benchmarks also run a job timed by the
/// thread's CPU time (see <see cref="ThreadCpuTimeClock"/>); otherwise the default wall clock alone.
/// </summary>
public sealed class SipBenchmarkConfig : ManualConfig
{
    public SipBenchmarkConfig()
    {
        if (string.Equals(Environment.GetEnvironmentVariable("BRIDGEHEAD_BENCH_CLOCK"), "thread-cpu", StringComparison.Ordinal))
        {
            // In process: the clock reads the CPU time of the thread that runs the benchmark loop.
            // Fixed, short iterations: on a loaded machine an iteration of CPU time takes many
            // times as long on the wall clock, which would outlast the in-process time limit.
            AddJob(Job.Default
                .WithClock(new ThreadCpuTimeClock())
                .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true))
                .WithWarmupCount(5)
                .WithIterationCount(30)
                .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(20))
                .WithId("ThreadCpu"));
        }
    }
}
