namespace Bridgehead.Sdp;

/// <summary>
/// <c>a=fingerprint:&lt;hash-func&gt; &lt;hex pairs separated by ':'&gt;</c> (RFC 8122 §5): the digest of
/// the DTLS certificate the peer will present (RFC 5763 §5).
/// </summary>
public sealed record SdpFingerprint(string HashFunction, string Value)
{
    public const string AttributeName = "fingerprint";

    /// <summary>A fingerprint from the digest bytes, written in upper-case hex as RFC 8122 asks.</summary>
    public static SdpFingerprint FromDigest(string hashFunction, ReadOnlySpan<byte> digest)
    {
        ArgumentException.ThrowIfNullOrEmpty(hashFunction);
        if (digest.IsEmpty)
        {
            throw new ArgumentException("A fingerprint needs at least one byte.", nameof(digest));
        }

        var chars = new char[(digest.Length * 3) - 1];
        for (var i = 0; i < digest.Length; i++)
        {
            if (i > 0)
            {
                chars[(i * 3) - 1] = ':';
            }

            chars[i * 3] = "0123456789ABCDEF"[digest[i] >> 4];
            chars[(i * 3) + 1] = "0123456789ABCDEF"[digest[i] & 0xF];
        }

        return new SdpFingerprint(hashFunction, new string(chars));
    }

    /// <summary>The digest bytes (hex is read case-insensitively).</summary>
    public byte[] GetDigest()
    {
        TryDecode(Value, out var digest);
        return digest;
    }

    /// <summary>Compares against a digest computed locally, case-insensitively on the hash name (RFC 8122 §5).</summary>
    public bool Matches(string hashFunction, ReadOnlySpan<byte> digest) =>
        HashFunction.Equals(hashFunction, StringComparison.OrdinalIgnoreCase) && GetDigest().AsSpan().SequenceEqual(digest);

    public static bool TryParse(ReadOnlySpan<char> value, out SdpFingerprint fingerprint)
    {
        fingerprint = null!;
        var tokens = new SdpTokenizer(value);
        if (!tokens.TryNext(out var hash) || !SdpNumbers.IsToken(hash) || !tokens.TryNext(out var hex) || !tokens.IsEmpty
            || !TryDecode(hex, out _))
        {
            return false;
        }

        fingerprint = new SdpFingerprint(hash.ToString(), hex.ToString());
        return true;
    }

    public override string ToString() => $"{HashFunction} {Value}";

    private static bool TryDecode(ReadOnlySpan<char> hex, out byte[] digest)
    {
        digest = [];
        if ((hex.Length + 1) % 3 != 0 || hex.Length > 3 * 64)
        {
            return false;
        }

        var bytes = new byte[(hex.Length + 1) / 3];
        for (var i = 0; i < bytes.Length; i++)
        {
            var hi = HexValue(hex[i * 3]);
            var lo = HexValue(hex[(i * 3) + 1]);
            if (hi < 0 || lo < 0 || (i > 0 && hex[(i * 3) - 1] != ':'))
            {
                return false;
            }

            bytes[i] = (byte)((hi << 4) | lo);
        }

        digest = bytes;
        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };
}
