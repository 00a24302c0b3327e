using Bridgehead.Routing.Proxy;
using Bridgehead.Sip;

namespace Bridgehead.Routing;

public sealed partial class SipEdge
{
    /// <summary>
    /// The Contact to put on a request or response that a WebSocket client sent, as it leaves by
    /// <paramref name="facing"/> (see <see cref="FlowContact"/>); null to leave the Contact alone.
    /// </summary>
    internal static byte[]? FlowContactFor(SipMessage message, in SipDestination sender, SipListenerInfo facing)
    {
        if (!sender.Transport.IsWebSocket() || sender.ConnectionId == 0 || (!message.IsResponse && message.Method == SipMethod.Register))
        {
            return null;
        }

        return FlowContact.Rewrite(message, sender, facing);
    }

    /// <summary>A Request-URI the edge made for a WebSocket client: its connection, and its own Contact to restore.</summary>
    internal static (SipDestination Destination, ReadOnlyMemory<byte> RequestUri)? FlowTarget(in SipUri uri) =>
        FlowContact.TryRead(uri, out var flow, out var original) ? (flow, original) : null;
}
