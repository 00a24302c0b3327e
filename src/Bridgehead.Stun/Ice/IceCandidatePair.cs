using System.Net;

namespace Bridgehead.Stun.Ice;

/// <summary>
/// A pair of our candidate and a remote transport address that sent us an authenticated check.
/// A lite agent learns remote candidates this way (peer-reflexive in RFC 8445 terms), whatever
/// the SDP said. Written only by its <see cref="IceLiteAgent"/>.
/// </summary>
public sealed class IceCandidatePair
{
    internal IceCandidatePair(IPEndPoint remote, DateTimeOffset firstSeen)
    {
        RemoteEndPoint = remote;
        FirstCheckAt = firstSeen;
        LastCheckAt = firstSeen;
    }

    /// <summary>Where checks came from, and where media must go when this pair is selected.</summary>
    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>The PRIORITY attribute of the latest check.</summary>
    public uint RemotePriority { get; internal set; }

    /// <summary>The pair priority (RFC 8445 §6.1.2.3) under the agent's current role.</summary>
    public ulong Priority { get; internal set; }

    /// <summary>The controlling peer sent USE-CANDIDATE on a check of this pair.</summary>
    public bool IsNominated { get; internal set; }

    public DateTimeOffset FirstCheckAt { get; }

    /// <summary>Time of the latest authenticated check: the consent freshness clock (RFC 7675).</summary>
    public DateTimeOffset LastCheckAt { get; internal set; }

    public long ChecksReceived { get; internal set; }

    public override string ToString() =>
        $"{RemoteEndPoint} priority={Priority}{(IsNominated ? " nominated" : string.Empty)}";
}
