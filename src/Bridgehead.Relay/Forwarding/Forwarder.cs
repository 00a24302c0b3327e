using System.Net;
using Bridgehead.Rtp.Srtp;
using Bridgehead.Stun;

namespace Bridgehead.Relay.Forwarding;

/// <summary>
/// The per-packet path, kept apart from session control: one received datagram in, at most one
/// datagram out. It sorts the datagram by its first byte (RFC 7983), answers STUN, feeds DTLS,
/// and relays RTP/RTCP to the partner leg, decrypting SRTP from one leg and encrypting for the
/// other in place in the receive buffer. It allocates nothing: spans, the worker's buffers, and
/// addresses copied into preallocated <see cref="SocketAddress"/> objects.
/// </summary>
internal static class Forwarder
{
    /// <param name="endpoint">The port the datagram arrived on.</param>
    /// <param name="buffer">The receive buffer; the datagram is at its start, with room after it for an SRTP trailer.</param>
    /// <param name="length">Bytes received.</param>
    /// <param name="source">Where it came from.</param>
    /// <param name="context">The worker's counters, scratch buffer and clock.</param>
    public static void Process(Io.MediaEndpoint endpoint, Span<byte> buffer, int length, SocketAddress source, ForwardContext context)
    {
        var path = endpoint.Path;
        if (path is null)
        {
            context.Counters.Drop(DropReason.NoStream);
            return;
        }

        var datagram = buffer[..length];
        switch (DemuxClassifier.Classify(datagram))
        {
            case DemuxPacketKind.Rtp:
                Relay(path, endpoint.IsRtcp, rtcp: false, buffer, length, source, context);
                return;
            case DemuxPacketKind.Rtcp:
                Relay(path, endpoint.IsRtcp, rtcp: true, buffer, length, source, context);
                return;
            case DemuxPacketKind.Stun:
                path.OnStun(endpoint, datagram, source, context);
                return;
            case DemuxPacketKind.Dtls:
                path.OnDtls(endpoint, datagram, source, context);
                return;
            default:
                context.Counters.Drop(DropReason.Malformed);
                path.Counters.Error();
                return;
        }
    }

    private static void Relay(StreamPath path, bool rtcpPort, bool rtcp, Span<byte> buffer, int length, SocketAddress source, ForwardContext context)
    {
        if (rtcpPort && !rtcp)
        {
            Drop(path, DropReason.RtpOnRtcpPort, context);
            return;
        }

        // 1. Is the sender who it should be?
        if (path.Ice is not null)
        {
            if (!(path.HasRtpPeer && path.RtpPeer.Equals(source)) && !path.IsVerified(source) && !(rtcpPort && path.RtcpLatched && path.RtcpPeer.Equals(source)))
            {
                Drop(path, DropReason.UnverifiedSource, context);
                return;
            }
        }
        else if (path.Latching == LatchMode.Strict)
        {
            var latched = rtcpPort ? path.RtcpLatched : path.RtpLatched;
            if (latched && !(rtcpPort ? path.RtcpPeer : path.RtpPeer).Equals(source))
            {
                Drop(path, DropReason.UnexpectedSource, context);
                return;
            }
        }

        // 2. Authenticate and decrypt what an SRTP leg sent, in place.
        var plainLength = length;
        if (path.SrtpIn is { } srtpIn)
        {
            var packet = buffer[..length];
            var result = rtcp ? srtpIn.UnprotectRtcp(packet, out plainLength) : srtpIn.UnprotectRtp(packet, out plainLength);
            if (result != SrtpResult.Ok)
            {
                Drop(path, ToDropReason(result), context);
                return;
            }
        }
        else if (path.RequiresSrtp)
        {
            Drop(path, DropReason.NoKeys, context);
            return;
        }

        // 3. Only an authentic packet may move the learned address (symmetric RTP behind NAT).
        if (path.Ice is null)
        {
            path.Latch(rtcpPort, source);
        }

        path.Counters.Received(rtcp, length, context.Now);

        // 4. Out through the partner's port, encrypted for it if it speaks SRTP.
        var partner = path.Partner;
        if (partner is null)
        {
            context.Counters.Drop(DropReason.NoPartner);
            return;
        }

        var outLength = plainLength;
        if (partner.SrtpOut is { } srtpOut)
        {
            var result = rtcp ? srtpOut.ProtectRtcp(buffer, plainLength, out outLength) : srtpOut.ProtectRtp(buffer, plainLength, out outLength);
            if (result != SrtpResult.Ok)
            {
                context.Counters.Drop(ToDropReason(result));
                return;
            }
        }
        else if (partner.RequiresSrtp)
        {
            context.Counters.Drop(DropReason.NoKeys);
            return;
        }

        Io.MediaEndpoint? via;
        SocketAddress destination;
        bool known;
        if (rtcp && !partner.RtcpMux)
        {
            via = partner.RtcpEndpoint;
            destination = partner.RtcpPeer;
            known = partner.HasRtcpPeer;
        }
        else
        {
            via = partner.RtpEndpoint;
            destination = partner.RtpPeer;
            known = partner.HasRtpPeer;
        }

        // An ICE peer gets media only while its consent holds (RFC 7675 §5.1).
        if (via is null || !known || (partner.Ice is not null && context.Now > partner.ConsentExpires))
        {
            context.Counters.Drop(DropReason.NoDestination);
            return;
        }

        if (!via.Send(buffer[..outLength], destination))
        {
            context.Counters.Drop(DropReason.SendFailed);
            return;
        }

        context.Counters.Relayed(rtcp, outLength);
    }

    private static void Drop(StreamPath path, DropReason reason, ForwardContext context)
    {
        context.Counters.Drop(reason);
        path.Counters.Error();
    }

    private static DropReason ToDropReason(SrtpResult result) => result switch
    {
        SrtpResult.AuthenticationFailed => DropReason.AuthenticationFailed,
        SrtpResult.Replayed or SrtpResult.TooOld => DropReason.Replayed,
        _ => DropReason.SrtpError,
    };
}
