using System.Diagnostics.CodeAnalysis;

namespace Bridgehead.Dtls;

/// <summary>How a handshake ended: SRTP keys, or a reason and the alert behind it.</summary>
public sealed class DtlsHandshakeResult
{
    private DtlsHandshakeResult(DtlsSrtpKeys? keys, DtlsFingerprint? peerFingerprint, int cipherSuite, DtlsFailureReason failure, DtlsAlert? alert, string? detail)
    {
        Keys = keys;
        PeerFingerprint = peerFingerprint;
        CipherSuite = cipherSuite;
        Failure = failure;
        Alert = alert;
        Detail = detail;
    }

    /// <summary>Whether keys were exported.</summary>
    [MemberNotNullWhen(true, nameof(Keys), nameof(PeerFingerprint))]
    public bool Succeeded => Failure == DtlsFailureReason.None;

    /// <summary>The SRTP keys, on success.</summary>
    public DtlsSrtpKeys? Keys { get; }

    /// <summary>SHA-256 fingerprint of the certificate the peer presented, on success.</summary>
    public DtlsFingerprint? PeerFingerprint { get; }

    /// <summary>The negotiated TLS cipher suite (IANA number, e.g. 0xC02B), on success.</summary>
    public int CipherSuite { get; }

    /// <summary>Why it failed; <see cref="DtlsFailureReason.None"/> on success.</summary>
    public DtlsFailureReason Failure { get; }

    /// <summary>The fatal alert that ended the handshake, sent or received, when there was one.</summary>
    public DtlsAlert? Alert { get; }

    /// <summary>A one-line explanation for logs, from the engine or the check that failed.</summary>
    public string? Detail { get; }

    internal static DtlsHandshakeResult Success(DtlsSrtpKeys keys, DtlsFingerprint peerFingerprint, int cipherSuite) =>
        new(keys, peerFingerprint, cipherSuite, DtlsFailureReason.None, null, null);

    internal static DtlsHandshakeResult Failed(DtlsFailureReason reason, DtlsAlert? alert, string? detail) =>
        new(null, null, 0, reason, alert, detail);

    /// <summary>For logs.</summary>
    public override string ToString() => Succeeded
        ? $"connected {Keys.Profile.RegistryName()} suite 0x{CipherSuite:X4} peer {PeerFingerprint}"
        : $"failed {Failure}{(Alert is { } alert ? " " + alert : "")}{(Detail is null ? "" : ": " + Detail)}";
}
