namespace Bridgehead.Dtls;

/// <summary>
/// Where a DTLS session's datagrams go. The media relay owns the UDP socket and implements this
/// to send to the ICE-validated peer address; each call is one whole datagram.
/// </summary>
public interface IDtlsDatagramSender
{
    /// <summary>Sends one datagram. Called from the handshake thread; must not block for long.</summary>
    void Send(ReadOnlySpan<byte> datagram);
}
