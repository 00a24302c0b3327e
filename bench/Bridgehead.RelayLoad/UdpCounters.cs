using System.Globalization;

namespace Bridgehead.RelayLoad;

/// <summary>
/// The kernel's UDP counters (/proc/net/snmp, "Udp:" rows): datagrams dropped for a full receive
/// buffer, a full send buffer, or no socket on the port. They cover the network namespace, which
/// in bench/load/relay_load.py holds only the relay and this generator.
/// </summary>
internal readonly record struct UdpCounters(long NoPorts, long ReceiveBufferErrors, long SendBufferErrors)
{
    public static UdpCounters Read()
    {
        string[]? names = null;
        foreach (var line in File.ReadLines("/proc/net/snmp"))
        {
            if (!line.StartsWith("Udp: ", StringComparison.Ordinal))
            {
                continue;
            }

            var fields = line[5..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (names is null)
            {
                names = fields;
                continue;
            }

            long Get(string name) => Array.IndexOf(names, name) is >= 0 and var i ? long.Parse(fields[i], CultureInfo.InvariantCulture) : 0;
            return new UdpCounters(Get("NoPorts"), Get("RcvbufErrors"), Get("SndbufErrors"));
        }

        return default;
    }
}
