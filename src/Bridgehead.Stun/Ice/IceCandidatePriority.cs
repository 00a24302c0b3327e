namespace Bridgehead.Stun.Ice;

/// <summary>Candidate and candidate-pair priorities (RFC 8445 §5.1.2.1, §6.1.2.3).</summary>
public static class IceCandidatePriority
{
    /// <summary>Recommended type preferences (RFC 8445 §5.1.2.2).</summary>
    public const int HostTypePreference = 126;
    public const int PeerReflexiveTypePreference = 110;
    public const int ServerReflexiveTypePreference = 100;
    public const int RelayedTypePreference = 0;

    /// <summary>The host candidate priority a relay with one address per family advertises for RTP (component 1).</summary>
    public static readonly uint DefaultHost = Compute(HostTypePreference, 65535, 1);

    /// <summary>2^24 * type preference + 2^8 * local preference + (256 - component ID).</summary>
    public static uint Compute(int typePreference, int localPreference, int componentId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(typePreference);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(typePreference, 126);
        ArgumentOutOfRangeException.ThrowIfNegative(localPreference);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(localPreference, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThan(componentId, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(componentId, 256);
        return (uint)((typePreference << 24) + (localPreference << 8) + (256 - componentId));
    }

    /// <summary>
    /// 2^32 * MIN(G, D) + 2 * MAX(G, D) + (G &gt; D ? 1 : 0), where G is the controlling agent's
    /// candidate priority and D the controlled agent's.
    /// </summary>
    public static ulong ComputePair(uint controllingPriority, uint controlledPriority)
    {
        ulong g = controllingPriority;
        ulong d = controlledPriority;
        return (Math.Min(g, d) << 32) + (2 * Math.Max(g, d)) + (g > d ? 1UL : 0UL);
    }
}
