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
        var (user, system) = ReadSplit(pid);
        return user + system;
    }

    /// <summary>User and system time apart: the system part is the kernel's socket work.</summary>
    public static (TimeSpan User, TimeSpan System) ReadSplit(int pid)
    {
        if (pid <= 0)
        {
            return (TimeSpan.Zero, TimeSpan.Zero);
        }

        // "pid (comm) state ppid ...": comm may hold spaces, so count fields after the last ')'.
        var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (Ticks(fields[11]), Ticks(fields[12]));
    }

    private static TimeSpan Ticks(string field) => TimeSpan.FromSeconds((double)long.Parse(field, CultureInfo.InvariantCulture) / TicksPerSecond);

    [DllImport("libc.so.6")]
    private static extern long sysconf(int name);
}
