using System.Net;

namespace Bridgehead.Routing.Pool;

/// <summary>
/// The configured trusted addresses (<see cref="PoolOptions.Trusted"/>): a bare address trusts
/// every port of that host, "address:port" only that port. Immutable once built.
/// </summary>
public sealed class TrustedSources
{
    private readonly HashSet<IPAddress> _hosts = [];
    private readonly HashSet<IPEndPoint> _endPoints = [];

    public TrustedSources(IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries)
        {
            if (!TryParse(entry, out var parsed))
            {
                continue;
            }

            if (parsed.Port == 0)
            {
                _hosts.Add(parsed.Address);
            }
            else
            {
                _endPoints.Add(parsed);
            }
        }
    }

    public bool IsEmpty => _hosts.Count == 0 && _endPoints.Count == 0;

    public bool Contains(IPEndPoint source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (IsEmpty)
        {
            return false;
        }

        var address = Normalize(source.Address);
        return _hosts.Contains(address) || _endPoints.Contains(new IPEndPoint(address, source.Port));
    }

    /// <summary>"10.0.0.20" (port 0: any port), "10.0.0.20:5060", "[2001:db8::1]:5060".</summary>
    public static bool TryParse(string? text, out IPEndPoint endPoint)
    {
        endPoint = new IPEndPoint(IPAddress.None, 0);
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (IPAddress.TryParse(text.Trim('[', ']'), out var address))
        {
            endPoint = new IPEndPoint(Normalize(address), 0);
            return true;
        }

        if (IPEndPoint.TryParse(text, out var parsed) && parsed.Port != 0)
        {
            endPoint = new IPEndPoint(Normalize(parsed.Address), parsed.Port);
            return true;
        }

        return false;
    }

    /// <summary>An IPv4 address seen through a dual-stack socket (::ffff:10.0.0.20) is that IPv4 address.</summary>
    public static IPAddress Normalize(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }
}
