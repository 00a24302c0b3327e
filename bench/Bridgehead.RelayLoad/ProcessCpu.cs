using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Bridgehead.RelayLoad;

/// <summary>CPU time of a process, all threads, user plus system, from /proc/PID/stat (proc(5) fields 14 and 15).</summary>
[SuppressMessage("Interoperability", "SYSLIB1054", Justification = "LibraryImport needs unsafe code, which the solution disallows.")]
[SuppressMessage("Security", "CA5392", Justification = "libc is resolved by the dynamic loader, as for every process.")]
internal static class ProcessCpu
{
    private const int ClockTicksName = 2; // _SC_CLK_TCK

    private static readonly long TicksPerSecond = Math.Max(1, sysconf(ClockTicksName));

    public static TimeSpan Read(int pid)
    {
        if (pid <= 0)
        {
            return TimeSpan.Zero;
        }

        // "pid (comm) state ppid ...": comm may hold spaces, so count fields after the last ')'.
        var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds((double)ticks / TicksPerSecond);
    }

    [DllImport("libc.so.6")]
    private static extern long sysconf(int name);
}
