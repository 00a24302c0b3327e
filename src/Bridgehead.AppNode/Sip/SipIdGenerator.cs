namespace Bridgehead.AppNode.Sip;

/// <summary>
/// Tags, Call-IDs, branches, SDP session ids, SSRCs and first sequence numbers (RFC 3261
/// §19.3 wants tags and Call-IDs globally unique and random; RFC 3550 §5.1 random initial
/// values). The randomness is injected so tests are repeatable; thread-safe.
/// </summary>
public sealed class SipIdGenerator
{
    private readonly Random _random;
    private readonly Lock _lock = new();

    public SipIdGenerator(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        _random = random;
    }

    /// <summary>32 random bits as 8 hex digits.</summary>
    public string Tag() => Hex(4);

    public string CallId(string host) => $"{Hex(8)}@{host}";

    /// <summary>A branch with the RFC 3261 magic cookie (§8.1.1.7).</summary>
    public string Branch() => "z9hG4bK" + Hex(8);

    public string SessionId() => NextUInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);

    public uint NextUInt32()
    {
        lock (_lock)
        {
            return (uint)_random.NextInt64(0, 1L << 32);
        }
    }

    private string Hex(int bytes)
    {
        Span<byte> buffer = stackalloc byte[bytes];
        lock (_lock)
        {
            _random.NextBytes(buffer);
        }

        return Convert.ToHexStringLower(buffer);
    }
}
