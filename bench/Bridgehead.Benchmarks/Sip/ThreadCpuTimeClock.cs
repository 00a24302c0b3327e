using System.Runtime.InteropServices;
using Perfolizer.Horology;

namespace Bridgehead.Benchmarks.Sip;

/// <summary>
/// The CPU time of the calling thread (Linux CLOCK_THREAD_CPUTIME_ID). On a shared build
/// machine the wall clock also counts the time other processes hold the core; the thread's own
/// CPU time does not, so single-threaded, non-blocking code like the parser is measured as it
/// would run on an idle core. Opt-in: BRIDGEHEAD_BENCH_CLOCK=thread-cpu.
/// </summary>
public sealed class ThreadCpuTimeClock : IClock
{
    private const int ClockThreadCpuTimeId = 3;

    public string Title => "ThreadCpuTime";

    public bool IsAvailable => OperatingSystem.IsLinux();

    public Frequency Frequency => Frequency.GHz;

    public long GetTimestamp()
    {
        _ = ClockGetTime(ClockThreadCpuTimeId, out var ts);
        return (ts.Seconds * 1_000_000_000L) + ts.Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    // DllImport rather than LibraryImport: the generated stub needs unsafe code, which the solution does not allow.
    [DllImport("libc", EntryPoint = "clock_gettime")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int ClockGetTime(int clockId, out Timespec ts);
}
