namespace Bridgehead.Rtp.Srtp;

/// <summary>Settings of an <see cref="SrtpContext"/> besides its keys.</summary>
public sealed record SrtpPolicy
{
    public static SrtpPolicy Default { get; } = new();

    /// <summary>Replay window in packets, for SRTP and SRTCP alike (RFC 3711 §3.3.2: at least 64).</summary>
    public int ReplayWindowSize { get; init; } = 64;

    /// <summary>SSRCs a context tracks; a packet from one more is refused, so a peer cannot grow our memory.</summary>
    public int MaxStreams { get; init; } = 64;

    /// <summary>Master key identifier sent and expected in every packet (SDES "|1:4"); empty for none.</summary>
    public ReadOnlyMemory<byte> Mki { get; init; }

    /// <summary>
    /// Use System.Security.Cryptography (OpenSSL on Linux) for AES-CM and AES-GCM even when the CPU
    /// has AES-NI and PCLMULQDQ. By default the context runs its own intrinsics code, which avoids
    /// the native call overhead that dominates for 160-byte packets. HMAC-SHA1 always runs on the
    /// platform: with SHA-NI behind it, it beats a managed SHA-1.
    /// </summary>
    public bool UsePlatformCrypto { get; init; }
}
