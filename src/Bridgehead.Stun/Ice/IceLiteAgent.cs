using System.Net;
using System.Text;

namespace Bridgehead.Stun.Ice;

/// <summary>
/// The lite side of ICE (RFC 8445 §2.5, §7.3) for one component of one media stream: it answers
/// connectivity checks, learns the peer's addresses from them and follows the controlling peer's
/// nomination. Pure: datagram, source address and time in; response bytes and events out. It
/// never sends checks and holds no timers. Not thread-safe: one instance per packet loop; an ICE
/// restart (new ufrag and password) is a new instance.
/// </summary>
public sealed partial class IceLiteAgent : IDisposable
{
    // Comprehension-required attributes a Binding request may carry that we understand (RFC 8489 §14,
    // RFC 8445 §16.1). Anything else below 0x8000 earns a 420.
    private static ReadOnlySpan<ushort> KnownRequiredAttributes =>
    [
        StunAttributeType.MappedAddress, StunAttributeType.Username, StunAttributeType.MessageIntegrity,
        StunAttributeType.ErrorCode, StunAttributeType.UnknownAttributes, StunAttributeType.Realm,
        StunAttributeType.Nonce, StunAttributeType.MessageIntegritySha256, StunAttributeType.XorMappedAddress,
        StunAttributeType.Priority, StunAttributeType.UseCandidate,
    ];

    private readonly IceLiteConfig _config;
    private readonly StunIntegrityKey _key;
    private readonly byte[] _localUfrag;
    private readonly List<IceCandidatePair> _pairs = [];
    private readonly long[] _errorCounts = new long[Enum.GetValues<IceCheckError>().Length];
    private byte[]? _remoteUfrag;

    public IceLiteAgent(IceLiteConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentException.ThrowIfNullOrEmpty(config.LocalUfrag);
        ArgumentException.ThrowIfNullOrEmpty(config.LocalPassword);
        ArgumentOutOfRangeException.ThrowIfLessThan(config.MaxCandidatePairs, 1);
        if (config.LocalUfrag.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("An ICE ufrag cannot contain ':' (RFC 8839 §5.4 ice-char).", nameof(config));
        }

        _config = config;
        _key = StunIntegrityKey.ForShortTermPassword(config.LocalPassword);
        _localUfrag = Encoding.UTF8.GetBytes(config.LocalUfrag);
        _remoteUfrag = config.RemoteUfrag is null ? null : Encoding.UTF8.GetBytes(config.RemoteUfrag);
        Role = config.Role;
    }

    public IceLiteConfig Config => _config;

    /// <summary>Our current role; it changes only when a role conflict is resolved by switching (RFC 8445 §7.3.1.1).</summary>
    public IceRole Role { get; private set; }

    /// <summary>Remote addresses that sent authenticated checks, in order of first appearance.</summary>
    public IReadOnlyList<IceCandidatePair> CandidatePairs => _pairs;

    /// <summary>
    /// The nominated pair with the highest priority (RFC 8445 §8.1.1): where the relay sends media.
    /// Null until the controlling peer nominates.
    /// </summary>
    public IceCandidatePair? SelectedPair { get; private set; }

    /// <summary>Checks answered with a success response.</summary>
    public long ChecksAnswered { get; private set; }

    /// <summary>Binding indications (keepalives) seen.</summary>
    public long IndicationsReceived { get; private set; }

    /// <summary>How many datagrams failed for <paramref name="error"/>.</summary>
    public long GetErrorCount(IceCheckError error) => _errorCounts[(int)error];

    /// <summary>Learns the peer's ufrag from its SDP; from then on USERNAME must name it.</summary>
    public void SetRemoteUfrag(string remoteUfrag)
    {
        ArgumentException.ThrowIfNullOrEmpty(remoteUfrag);
        _remoteUfrag = Encoding.UTF8.GetBytes(remoteUfrag);
    }

    /// <summary>
    /// True while the selected pair's latest check is younger than the consent timeout (RFC 7675):
    /// the relay must stop sending to a peer that stopped checking.
    /// </summary>
    public bool HasConsent(DateTimeOffset now) =>
        SelectedPair is { } pair && now - pair.LastCheckAt < _config.ConsentTimeout;

    public void Dispose() => _key.Dispose();

    private IceCandidatePair? FindPair(IPEndPoint source)
    {
        foreach (var pair in _pairs)
        {
            if (pair.RemoteEndPoint.Equals(source))
            {
                return pair;
            }
        }

        return null;
    }

    // USERNAME of a check sent to us is "our ufrag:their ufrag" (RFC 8445 §7.2.2); neither part is empty.
    private bool UsernameMatches(ReadOnlySpan<byte> username)
    {
        var local = _localUfrag;
        if (username.Length <= local.Length + 1 || username[local.Length] != (byte)':' || !username.StartsWith(local))
        {
            return false;
        }

        return _remoteUfrag is null || username.Slice(local.Length + 1).SequenceEqual(_remoteUfrag);
    }

    private static bool IsKnownRequired(ushort type) => KnownRequiredAttributes.Contains(type);

    private ulong PairPriority(uint remotePriority) => Role == IceRole.Controlled
        ? IceCandidatePriority.ComputePair(remotePriority, _config.LocalPriority)
        : IceCandidatePriority.ComputePair(_config.LocalPriority, remotePriority);

    private IceLiteResult Drop(IceCheckError error)
    {
        _errorCounts[(int)error]++;
        return new IceLiteResult(IceLiteOutcome.Dropped, error, 0, IceLiteEvents.None, null);
    }
}
