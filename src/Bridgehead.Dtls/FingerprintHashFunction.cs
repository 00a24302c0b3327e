namespace Bridgehead.Dtls;

/// <summary>
/// Hash functions accepted in an SDP a=fingerprint (RFC 8122 §5, IANA "Hash Function Textual
/// Names"). Ordered weakest to strongest, which is the order RFC 8122 §5 asks the verifier to
/// prefer from. MD2, MD5 and SHA-224 are not accepted: .NET has no SHA-224 and the others are broken.
/// </summary>
public enum FingerprintHashFunction
{
    /// <summary><c>sha-1</c>, 20 bytes.</summary>
    Sha1 = 1,

    /// <summary><c>sha-256</c>, 32 bytes: what every WebRTC endpoint sends (RFC 8122 §5 requires it as a minimum).</summary>
    Sha256 = 2,

    /// <summary><c>sha-384</c>, 48 bytes.</summary>
    Sha384 = 3,

    /// <summary><c>sha-512</c>, 64 bytes.</summary>
    Sha512 = 4,
}

/// <summary>Names and sizes of <see cref="FingerprintHashFunction"/>.</summary>
public static class FingerprintHashFunctions
{
    /// <summary>The SDP token, e.g. <c>sha-256</c>.</summary>
    public static string SdpName(this FingerprintHashFunction function) => function switch
    {
        FingerprintHashFunction.Sha1 => "sha-1",
        FingerprintHashFunction.Sha256 => "sha-256",
        FingerprintHashFunction.Sha384 => "sha-384",
        FingerprintHashFunction.Sha512 => "sha-512",
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, null),
    };

    /// <summary>Digest size in bytes.</summary>
    public static int HashLength(this FingerprintHashFunction function) => function switch
    {
        FingerprintHashFunction.Sha1 => 20,
        FingerprintHashFunction.Sha256 => 32,
        FingerprintHashFunction.Sha384 => 48,
        FingerprintHashFunction.Sha512 => 64,
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, null),
    };

    /// <summary>Reads an SDP hash-func token, case-insensitively (RFC 8122 §5 uses lower case, some stacks do not).</summary>
    public static bool TryParse(ReadOnlySpan<char> token, out FingerprintHashFunction function)
    {
        function = token switch
        {
            _ when token.Equals("sha-1", StringComparison.OrdinalIgnoreCase) => FingerprintHashFunction.Sha1,
            _ when token.Equals("sha-256", StringComparison.OrdinalIgnoreCase) => FingerprintHashFunction.Sha256,
            _ when token.Equals("sha-384", StringComparison.OrdinalIgnoreCase) => FingerprintHashFunction.Sha384,
            _ when token.Equals("sha-512", StringComparison.OrdinalIgnoreCase) => FingerprintHashFunction.Sha512,
            _ => 0,
        };
        return function != 0;
    }

    internal static byte[] Hash(this FingerprintHashFunction function, ReadOnlySpan<byte> data) => function switch
    {
#pragma warning disable CA5350 // sha-1 fingerprints are still legal in SDP (RFC 8122 §5); verified peers send sha-256
        FingerprintHashFunction.Sha1 => System.Security.Cryptography.SHA1.HashData(data),
#pragma warning restore CA5350
        FingerprintHashFunction.Sha256 => System.Security.Cryptography.SHA256.HashData(data),
        FingerprintHashFunction.Sha384 => System.Security.Cryptography.SHA384.HashData(data),
        FingerprintHashFunction.Sha512 => System.Security.Cryptography.SHA512.HashData(data),
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, null),
    };
}
