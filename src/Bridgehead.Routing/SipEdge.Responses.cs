using System.Net;
using Bridgehead.Sip;

namespace Bridgehead.Routing;

public sealed partial class SipEdge
{
    private void OnResponse(SipMessage response, in SipDestination source)
    {
        if (Transactions.ReceiveResponse(response))
        {
            return;
        }

        ForwardResponseStatelessly(response);
    }

    /// <summary>
    /// A response that matches no client transaction (a 2xx retransmission after the transaction
    /// ended, RFC 3261 §16.7; RFC 6026): when the top Via is ours, it goes to the next Via's
    /// received/rport address or its sent-by.
    /// </summary>
    private void ForwardResponseStatelessly(SipMessage response)
    {
        if (!Local.IsMe(response.TopVia))
        {
            return;
        }

        var vias = response.Values(HeaderId.Via);
        vias.MoveNext();
        if (!vias.MoveNext() || !Via.TryParse(vias.Current.Memory, out var next))
        {
            return;
        }

        var destination = UpstreamDestination(next);
        if (destination is null || StripTopVia(response) is not { } bytes)
        {
            return;
        }

        Metrics.ResponseForwarded(response.StatusCode);
        Sender.Send(destination.Value, bytes);
    }

    /// <summary>RFC 3261 §18.2.2 with RFC 3581: received (else sent-by host) and rport (else sent-by port).</summary>
    private static SipDestination? UpstreamDestination(in Via via)
    {
        var hostText = via.Received.IsEmpty ? via.HostText : LocalAddresses.HostKey(SipParameters.Unquote(via.Received.Span));
        if (!IPAddress.TryParse(hostText, out var address))
        {
            return null;
        }

        var port = via.PortOrDefault;
        if (via.TryGetParameter("rport"u8, out var rport) && SipText.TryParseInt32(rport.Span, out var p) && p is > 0 and < 65536)
        {
            port = p;
        }

        return new SipDestination(via.Transport ?? SipTransportKind.Udp, new IPEndPoint(address, port));
    }
}
