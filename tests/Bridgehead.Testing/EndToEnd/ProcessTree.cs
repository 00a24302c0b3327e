using System.Diagnostics;
using System.Globalization;

namespace Bridgehead.Testing.EndToEnd;

/// <summary>
/// The processes a child forked (Kamailio's workers, the Chromium that node started), read from
/// /proc, so that a test can stop them by their own process ids once their parent is gone.
/// </summary>
internal static class ProcessTree
{
    /// <summary>A descendant: its pid and its start time (clock ticks after boot), which tells it from a later process that reuses the pid.</summary>
    internal readonly record struct Member(int Pid, ulong StartTime);

    /// <summary>Children, grandchildren and so on of <paramref name="root"/>; empty where there is no /proc.</summary>
    public static IReadOnlyList<Member> Descendants(int root)
    {
        if (!OperatingSystem.IsLinux())
        {
            return [];
        }

        var parents = new Dictionary<int, (int Parent, ulong StartTime)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Read(pid) is { } stat)
            {
                parents[pid] = stat;
            }
        }

        var result = new List<Member>();
        var queue = new Queue<int>([root]);
        while (queue.Count > 0 && result.Count < 1000)
        {
            var parent = queue.Dequeue();
            foreach (var (pid, info) in parents)
            {
                if (info.Parent == parent)
                {
                    result.Add(new Member(pid, info.StartTime));
                    queue.Enqueue(pid);
                }
            }
        }

        return result;
    }

    /// <summary>SIGKILL to each member that is still the same process.</summary>
    public static void Kill(IEnumerable<Member> members)
    {
        foreach (var member in members)
        {
            if (Read(member.Pid) is not { } now || now.StartTime != member.StartTime)
            {
                continue;
            }

            try
            {
                using var process = Process.GetProcessById(member.Pid);
                process.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Exited in between.
            }
        }
    }

    // /proc/<pid>/stat: "pid (comm) state ppid ... starttime(22nd field) ..."; comm may hold spaces
    // and parentheses, so the fields are counted after the last ')'.
    private static (int Parent, ulong StartTime)? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (int.Parse(fields[1], CultureInfo.InvariantCulture), ulong.Parse(fields[19], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            // The process ended while we looked.
            return null;
        }
    }
}
