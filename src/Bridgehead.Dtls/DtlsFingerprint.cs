using System.Security.Cryptography;

namespace Bridgehead.Dtls;

/// <summary>
/// A certificate fingerprint as SDP carries it in a=fingerprint (RFC 8122 §5):
/// <c>sha-256 AB:CD:…</c>. DTLS-SRTP authenticates the self-signed peer certificate by this value
/// alone (RFC 5763 §5), so it is the one thing that ties the media to the signalled peer.
/// </summary>
public sealed class DtlsFingerprint : IEquatable<DtlsFingerprint>
{
    private readonly byte[] _value;

    private DtlsFingerprint(FingerprintHashFunction hashFunction, byte[] value)
    {
        HashFunction = hashFunction;
        _value = value;
    }

    /// <summary>The hash function named before the value.</summary>
    public FingerprintHashFunction HashFunction { get; }

    /// <summary>The digest of the certificate's DER encoding.</summary>
    public ReadOnlySpan<byte> Value => _value;

    /// <summary>Hashes a DER-encoded certificate.</summary>
    public static DtlsFingerprint Compute(FingerprintHashFunction hashFunction, ReadOnlySpan<byte> certificateDer) =>
        new(hashFunction, hashFunction.Hash(certificateDer));

    /// <summary>Builds a fingerprint from a known digest (for example one read from another tool).</summary>
    /// <returns><see langword="null"/> when the digest length does not fit the hash function.</returns>
    public static DtlsFingerprint? FromDigest(FingerprintHashFunction hashFunction, ReadOnlySpan<byte> digest) =>
        digest.Length == hashFunction.HashLength() ? new(hashFunction, digest.ToArray()) : null;

    /// <summary>
    /// Reads the value of an a=fingerprint attribute: hash-func SP 2HEX *(":" 2HEX) (RFC 8122 §5).
    /// Hex digits are accepted in either case although the grammar says upper case.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DtlsFingerprint? fingerprint, out DtlsFingerprintError error)
    {
        fingerprint = null;
        text = text.Trim();
        if (text.IsEmpty)
        {
            error = DtlsFingerprintError.Empty;
            return false;
        }

        var space = text.IndexOfAny(' ', '\t');
        if (space < 0)
        {
            error = DtlsFingerprintError.MissingFingerprint;
            return false;
        }

        if (!FingerprintHashFunctions.TryParse(text[..space], out var function))
        {
            error = DtlsFingerprintError.UnsupportedHashFunction;
            return false;
        }

        var hex = text[(space + 1)..].TrimStart();
        // n bytes take 3n - 1 characters: two digits per byte and a colon between bytes.
        if (hex.Length < 2 || (hex.Length + 1) % 3 != 0)
        {
            error = hex.IsEmpty ? DtlsFingerprintError.MissingFingerprint : DtlsFingerprintError.MalformedValue;
            return false;
        }

        var digest = new byte[(hex.Length + 1) / 3];
        for (var i = 0; i < digest.Length; i++)
        {
            var at = 3 * i;
            if ((i > 0 && hex[at - 1] != ':') || !TryHexDigit(hex[at], out var high) || !TryHexDigit(hex[at + 1], out var low))
            {
                error = DtlsFingerprintError.MalformedValue;
                return false;
            }

            digest[i] = (byte)((high << 4) | low);
        }

        if (digest.Length != function.HashLength())
        {
            error = DtlsFingerprintError.WrongLength;
            return false;
        }

        fingerprint = new DtlsFingerprint(function, digest);
        error = DtlsFingerprintError.None;
        return true;
    }

    /// <summary>Whether a DER-encoded certificate hashes to this fingerprint.</summary>
    public bool Matches(ReadOnlySpan<byte> certificateDer) =>
        CryptographicOperations.FixedTimeEquals(HashFunction.Hash(certificateDer), _value);

    /// <summary>
    /// Checks a peer certificate against every fingerprint its SDP carried. RFC 8122 §5: the
    /// verifier uses the fingerprints of the strongest hash function among them, and the
    /// certificate must match one of those (several certificates may be advertised).
    /// </summary>
    public static bool MatchesAny(IReadOnlyList<DtlsFingerprint> expected, ReadOnlySpan<byte> certificateDer)
    {
        ArgumentNullException.ThrowIfNull(expected);
        FingerprintHashFunction strongest = 0;
        foreach (var fingerprint in expected)
        {
            if (fingerprint.HashFunction > strongest)
            {
                strongest = fingerprint.HashFunction;
            }
        }

        foreach (var fingerprint in expected)
        {
            if (fingerprint.HashFunction == strongest && fingerprint.Matches(certificateDer))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The a=fingerprint value: <c>sha-256 AB:CD:…</c>, upper-case hex (RFC 8122 §5).</summary>
    public override string ToString() =>
        string.Create(HashFunction.SdpName().Length + 1 + (3 * _value.Length) - 1, this, static (span, self) =>
        {
            var name = self.HashFunction.SdpName();
            name.AsSpan().CopyTo(span);
            span[name.Length] = ' ';
            var at = name.Length + 1;
            for (var i = 0; i < self._value.Length; i++)
            {
                if (i > 0)
                {
                    span[at++] = ':';
                }

                span[at++] = "0123456789ABCDEF"[self._value[i] >> 4];
                span[at++] = "0123456789ABCDEF"[self._value[i] & 0xF];
            }
        });

    /// <inheritdoc/>
    public bool Equals(DtlsFingerprint? other) =>
        other is not null && other.HashFunction == HashFunction && other._value.AsSpan().SequenceEqual(_value);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as DtlsFingerprint);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(HashFunction);
        hash.AddBytes(_value);
        return hash.ToHashCode();
    }

    private static bool TryHexDigit(char c, out int value)
    {
        value = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'A' and <= 'F' => c - 'A' + 10,
            >= 'a' and <= 'f' => c - 'a' + 10,
            _ => -1,
        };
        return value >= 0;
    }
}
