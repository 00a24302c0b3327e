using System.Net;

namespace Bridgehead.Sip;

/// <summary>
/// Where a message goes or came from at the transport level: the transport, the remote
/// endpoint, the connection it belongs to (0 for UDP or when any connection will do), and the
/// local listener it was received on or is to be sent from (-1: let the transport choose).
/// </summary>
public readonly record struct SipDestination(SipTransportKind Transport, IPEndPoint EndPoint, long ConnectionId = 0, int ListenerId = -1)
{
    public bool IsReliable => Transport.IsStream();

    public override string ToString() => $"{Transport.Scheme()}:{EndPoint}{(ConnectionId != 0 ? $"#{ConnectionId}" : "")}";
}
