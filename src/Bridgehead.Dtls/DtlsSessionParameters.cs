namespace Bridgehead.Dtls;

/// <summary>What one DTLS-SRTP session needs from the SDP exchange.</summary>
/// <param name="Role">Client or server, from a=setup.</param>
/// <param name="Certificate">The certificate whose fingerprint the local SDP carries.</param>
/// <param name="RemoteFingerprints">The peer's a=fingerprint values (at least one); its certificate must match.</param>
public sealed record DtlsSessionParameters(
    DtlsRole Role,
    DtlsCertificate Certificate,
    IReadOnlyList<DtlsFingerprint> RemoteFingerprints);
