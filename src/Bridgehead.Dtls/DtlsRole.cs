namespace Bridgehead.Dtls;

/// <summary>
/// Which end of the DTLS handshake this side plays. SDP decides it through a=setup (RFC 5763 §5,
/// RFC 4145): the side that answers <c>active</c> is the DTLS client, <c>passive</c> the server;
/// Chromium offers <c>actpass</c> and lets the answerer choose.
/// </summary>
public enum DtlsRole
{
    /// <summary>Sends the ClientHello (a=setup:active).</summary>
    Client,

    /// <summary>Waits for the ClientHello (a=setup:passive).</summary>
    Server,
}
