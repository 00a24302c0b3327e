using System.Net;
using Bridgehead.Routing.Proxy;
using Bridgehead.Sip;

namespace Bridgehead.Routing.Pool;

public sealed partial class PoolRouter
{
    private TrustedSources? _trusted;

    /// <summary>
    /// Whether a request comes from a pool member: the address and port of a dispatcher or
    /// load-balancer destination (a switch sends over UDP from the port it listens on), or a
    /// <see cref="PoolOptions.Trusted"/> entry (a bare address trusts every port: TCP, or a host
    /// of several switches).
    /// </summary>
    public bool IsTrusted(IPEndPoint source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return _state.Current.IsDestinationAddress(source) || (_trusted ??= new TrustedSources(Options.Trusted)).Contains(source);
    }

    /// <summary>
    /// The switches of a set for a REGISTER of <paramref name="aor"/>: the highest priority tier
    /// first, each tier in rendezvous-hash order of the AOR, so the refreshes of one user reach
    /// the same switch while it is usable and only that switch's users move when it goes down.
    /// </summary>
    internal PoolDecision RouteRegister(SipMessage request, string aor, int setId, out IFailoverTargets? attempt)
    {
        attempt = null;
        if (!_state.Current.Sets.TryGetValue(setId, out var set))
        {
            return PoolDecision.NotPooled;
        }

        var byAor = new KeyTierOrder(RendezvousHash.Of(aor));
        var pooled = PoolAttempt.ForSet(this, request, Order(set, byAor, ignoreHealth: false), ignoreHealth: false);
        if (pooled is null && Options.Health.WhenAllDown == AllDownPolicy.TryAll)
        {
            pooled = PoolAttempt.ForSet(this, request, Order(set, byAor, ignoreHealth: true), ignoreHealth: true);
        }

        attempt = pooled;
        return Decide(pooled, PoolDecision.Unavailable);
    }

    /// <summary>
    /// Whether the switch at <paramref name="destination"/> stores Path (RFC 3327): the attribute
    /// "path=0|1" (also no/yes, off/on, false/true) of a dispatcher row naming it, else <paramref name="otherwise"/>.
    /// </summary>
    public bool SupportsPath(in SipDestination destination, bool otherwise)
    {
        foreach (var set in _state.Current.Sets.Values)
        {
            foreach (var member in set.Members)
            {
                if (member.State.Destination is { } d && d.EndPoint.Equals(destination.EndPoint) && PathAttribute(member.Config.Attributes) is { } path)
                {
                    return path;
                }
            }
        }

        return otherwise;
    }

    /// <summary>The value of "path=" in "key=value;key=value" attributes, or null when absent or not a yes/no.</summary>
    public static bool? PathAttribute(string attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        foreach (var part in attributes.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0 || !part.AsSpan(0, eq).Trim().Equals("path", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            return part[(eq + 1)..].Trim().ToUpperInvariant() switch
            {
                "0" or "NO" or "OFF" or "FALSE" => false,
                "1" or "YES" or "ON" or "TRUE" => true,
                _ => null,
            };
        }

        return null;
    }
}
