namespace Bridgehead.Dtls;

/// <summary>Alert level (RFC 5246 §7.2).</summary>
public enum DtlsAlertLevel : byte
{
    /// <summary>warning(1)</summary>
    Warning = 1,

    /// <summary>fatal(2)</summary>
    Fatal = 2,
}

/// <summary>Who sent an alert.</summary>
public enum DtlsAlertOrigin
{
    /// <summary>This side raised it (and sent it, when the peer was reachable).</summary>
    Local,

    /// <summary>The peer sent it.</summary>
    Peer,
}

/// <summary>Alert descriptions (RFC 5246 §7.2, RFC 8446 §6); the numbers appear in logs as the peer's stack prints them.</summary>
public enum DtlsAlertDescription : byte
{
#pragma warning disable CS1591 // the names are the RFC's
    CloseNotify = 0,
    UnexpectedMessage = 10,
    BadRecordMac = 20,
    RecordOverflow = 22,
    HandshakeFailure = 40,
    BadCertificate = 42,
    UnsupportedCertificate = 43,
    CertificateRevoked = 44,
    CertificateExpired = 45,
    CertificateUnknown = 46,
    IllegalParameter = 47,
    UnknownCa = 48,
    AccessDenied = 49,
    DecodeError = 50,
    DecryptError = 51,
    ProtocolVersion = 70,
    InsufficientSecurity = 71,
    InternalError = 80,
    InappropriateFallback = 86,
    UserCanceled = 90,
    NoRenegotiation = 100,
    MissingExtension = 109,
    UnsupportedExtension = 110,
    UnrecognizedName = 112,
    NoApplicationProtocol = 120,
#pragma warning restore CS1591
}

/// <summary>An alert that was sent or received, with its wire codes, for diagnostics.</summary>
/// <param name="Origin">Who sent it.</param>
/// <param name="Level">Warning or fatal.</param>
/// <param name="Description">What it said; values outside the enum are kept as their number.</param>
public readonly record struct DtlsAlert(DtlsAlertOrigin Origin, DtlsAlertLevel Level, DtlsAlertDescription Description)
{
    /// <summary>For logs: <c>peer fatal bad_certificate(42)</c>.</summary>
    public override string ToString() =>
        $"{(Origin == DtlsAlertOrigin.Local ? "local" : "peer")} {(Level == DtlsAlertLevel.Fatal ? "fatal" : "warning")} {Description}({(byte)Description})";
}
