using System.Security.Cryptography;
using System.Text;

namespace Bridgehead.Sip.Digest;

/// <summary>Digest hash algorithms for SIP (RFC 8760): MD5 for old clients, SHA-256 preferred.</summary>
public enum DigestAlgorithm : byte
{
    Md5,
    Sha256,
}

public static class DigestAlgorithms
{
    /// <summary>The token used in the algorithm parameter.</summary>
    public static string Token(this DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Md5 => "MD5",
        DigestAlgorithm.Sha256 => "SHA-256",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>Parses an algorithm token; absent means MD5 (RFC 2617 §3.2.1).</summary>
    public static bool TryParse(ReadOnlySpan<byte> token, out DigestAlgorithm algorithm)
    {
        if (token.IsEmpty || Ascii.EqualsIgnoreCase(token, "MD5"u8))
        {
            algorithm = DigestAlgorithm.Md5;
            return true;
        }

        if (Ascii.EqualsIgnoreCase(token, "SHA-256"u8))
        {
            algorithm = DigestAlgorithm.Sha256;
            return true;
        }

        algorithm = default;
        return false;
    }

    /// <summary>Length of the lower-case hex digest.</summary>
    public static int HexLength(this DigestAlgorithm algorithm) => algorithm == DigestAlgorithm.Md5 ? 32 : 64;

    /// <summary>H(data) as lower-case hex, written into <paramref name="destination"/>; returns its length.</summary>
    public static int HashHex(this DigestAlgorithm algorithm, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        Span<byte> hash = stackalloc byte[32];
#pragma warning disable CA5351 // MD5 is what most SIP clients still answer with; RFC 8760 keeps it for interop.
        var n = algorithm == DigestAlgorithm.Md5 ? MD5.HashData(data, hash) : SHA256.HashData(data, hash);
#pragma warning restore CA5351
        for (var i = 0; i < n; i++)
        {
            destination[2 * i] = Hex[hash[i] >> 4];
            destination[(2 * i) + 1] = Hex[hash[i] & 0xf];
        }

        return 2 * n;
    }

    public static string HashHex(this DigestAlgorithm algorithm, string text)
    {
        Span<byte> hex = stackalloc byte[64];
        var n = algorithm.HashHex(Encoding.UTF8.GetBytes(text), hex);
        return Encoding.ASCII.GetString(hex[..n]);
    }

    private static ReadOnlySpan<byte> Hex => "0123456789abcdef"u8;
}
