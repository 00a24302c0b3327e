namespace Bridgehead.Sip.Digest;

/// <summary>Writes a WWW-Authenticate / Proxy-Authenticate challenge value (RFC 3261 §22.1, RFC 8760 §2.4).</summary>
public static class DigestChallenge
{
    public static void Write(SipMessageWriter writer, ReadOnlySpan<byte> realm, ReadOnlySpan<byte> nonce, DigestAlgorithm algorithm, bool stale)
    {
        writer.Write("Digest realm=\""u8).Write(realm).Write("\", nonce=\""u8).Write(nonce)
            .Write("\", algorithm="u8).Write(algorithm.Token()).Write(", qop=\"auth\""u8);
        if (stale)
        {
            writer.Write(", stale=true"u8);
        }
    }
}
