namespace Bridgehead.Dtls;

/// <summary>Why an a=fingerprint value could not be read.</summary>
public enum DtlsFingerprintError
{
    /// <summary>The value was read.</summary>
    None,

    /// <summary>Empty or whitespace only.</summary>
    Empty,

    /// <summary>No space between the hash function and the fingerprint.</summary>
    MissingFingerprint,

    /// <summary>A hash function other than sha-1, sha-256, sha-384 or sha-512.</summary>
    UnsupportedHashFunction,

    /// <summary>The fingerprint is not colon-separated pairs of hex digits.</summary>
    MalformedValue,

    /// <summary>The fingerprint's byte count does not match the hash function's digest size.</summary>
    WrongLength,
}
