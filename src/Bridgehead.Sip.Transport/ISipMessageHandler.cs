using System.Net;

namespace Bridgehead.Sip.Transport;

/// <summary>
/// Receives every inbound message: one datagram, or one framed message from a stream. Called
/// synchronously on the transport's receive thread, so it must not block: parse, decide, hand
/// slow work elsewhere, return.
/// </summary>
public interface ISipMessageHandler
{
    void OnMessage(in SipInboundMessage message);
}

/// <summary>One inbound message.</summary>
/// <param name="Data">The message octets in an exact-size array that now belongs to the handler.</param>
/// <param name="Listener">The listener it arrived on.</param>
/// <param name="RemoteEndPoint">The source address and port (what Via "received"/"rport" record).</param>
/// <param name="ConnectionId">The stream connection it arrived on, or 0 for UDP.</param>
public readonly record struct SipInboundMessage(byte[] Data, SipListener Listener, IPEndPoint RemoteEndPoint, long ConnectionId)
{
    public SipTransportKind Transport => Listener.Transport;
}
