using System.Text;

namespace Bridgehead.Sip.Digest;

/// <summary>
/// The digest computations of RFC 2617 §3.2.2 / RFC 7616 §3.4.1 as used by SIP (RFC 3261 §22.4,
/// RFC 8760): HA1 = H(username:realm:password), HA2 = H(method:digest-uri), and the response
/// H(HA1:nonce:nc:cnonce:qop:HA2), or H(HA1:nonce:HA2) without qop.
/// </summary>
public static class DigestMath
{
    /// <summary>HA1 for a subscriber; stored instead of the password.</summary>
    public static string Ha1(DigestAlgorithm algorithm, string username, string realm, string password) =>
        algorithm.HashHex($"{username}:{realm}:{password}");

    /// <summary>Computes the expected response into <paramref name="destination"/>; returns its length.</summary>
    public static int Response(
        DigestAlgorithm algorithm,
        ReadOnlySpan<byte> ha1,
        ReadOnlySpan<byte> method,
        ReadOnlySpan<byte> digestUri,
        ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> nc,
        ReadOnlySpan<byte> cnonce,
        ReadOnlySpan<byte> qop,
        Span<byte> destination)
    {
        using var buffer = new SipMessageWriter(256 + digestUri.Length + nonce.Length + cnonce.Length);
        buffer.Write(method).Write((byte)':').Write(digestUri);
        Span<byte> ha2 = stackalloc byte[64];
        var ha2Length = algorithm.HashHex(buffer.WrittenSpan, ha2);

        buffer.Clear();
        buffer.Write(ha1).Write((byte)':').Write(nonce).Write((byte)':');
        if (!qop.IsEmpty)
        {
            buffer.Write(nc).Write((byte)':').Write(cnonce).Write((byte)':').Write(qop).Write((byte)':');
        }

        buffer.Write(ha2[..ha2Length]);
        return algorithm.HashHex(buffer.WrittenSpan, destination);
    }

    public static string Response(DigestAlgorithm algorithm, string ha1, string method, string digestUri, string nonce, string nc, string cnonce, string qop)
    {
        Span<byte> result = stackalloc byte[64];
        var n = Response(
            algorithm,
            Encoding.UTF8.GetBytes(ha1),
            Encoding.UTF8.GetBytes(method),
            Encoding.UTF8.GetBytes(digestUri),
            Encoding.UTF8.GetBytes(nonce),
            Encoding.UTF8.GetBytes(nc),
            Encoding.UTF8.GetBytes(cnonce),
            Encoding.UTF8.GetBytes(qop),
            result);
        return Encoding.ASCII.GetString(result[..n]);
    }

    /// <summary>Compares two digests in constant time.</summary>
    public static bool FixedTimeEquals(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(a, b);
}
