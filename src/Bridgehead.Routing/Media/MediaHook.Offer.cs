using Bridgehead.Ng;
using Bridgehead.Routing.Proxy;
using Bridgehead.Sip;

namespace Bridgehead.Routing.Media;

// Offers in requests: the INVITE's offer (or a re-INVITE's, or an UPDATE's) goes to the relay
// before the request is forwarded, once for each kind of target it goes to.
public sealed partial class MediaHook
{
    /// <summary>
    /// Prepares an exchange for a request about to be proxied to <paramref name="groups"/> (and to
    /// pool switches when <paramref name="toPool"/>): the offer rewritten for each kind of target,
    /// or the failure its sender gets. No exchange when the request is none of the relay's business
    /// (an in-dialog request of a call the relay does not carry, an UPDATE without SDP).
    /// </summary>
    internal async Task<OfferOutcome> OfferAsync(SipMessage request, SipDestination source, IReadOnlyList<IReadOnlyList<ForwardingTarget>> groups, bool toPool)
    {
        var hasSdp = SdpBody.Has(request);
        var callId = Text(request.CallId);
        var fromTag = Text(request.From.Tag);
        var toTag = Text(request.To.Tag);
        var initial = request.Method == SipMethod.Invite && !request.To.HasTag;
        if (Mode == MediaMode.Off)
        {
            var fixedSdp = hasSdp ? FixNatedSdp(request.Body, source.EndPoint) : null;
            return new OfferOutcome(new MediaExchange { CallId = callId, OffererTag = fromTag, IsInitial = initial, NatAddress = _publicAddress, PlainBody = fixedSdp, WebRtcBody = fixedSdp }, null);
        }

        if (fromTag.Length == 0 || (!hasSdp && request.Method != SipMethod.Invite))
        {
            return default;
        }

        var call = initial ? _calls.Add(callId, fromTag) : _calls.Find(callId, fromTag, toTag);
        if (call is null)
        {
            return default;
        }

        var exchange = new MediaExchange
        {
            Call = call,
            CallId = callId,
            OffererTag = fromTag,
            OffererKind = MediaLegKinds.OfSender(source.Transport, hasSdp ? request.Body : default),
            IsInitial = initial,
            IsLateOffer = !hasSdp,
            Offer = hasSdp ? request.BodyMemory.ToArray() : default,
        };
        if (!hasSdp)
        {
            // A late offer: the 2xx will carry it, the ACK the answer (RFC 3261 §13.2.1).
            return new OfferOutcome(exchange, null);
        }

        foreach (var kind in KindsToOffer(groups, toPool))
        {
            call.Offered = true;
            var reply = await SendAsync(_commands.Offer(callId, fromTag, initial ? null : toTag, exchange.Offer, kind)).ConfigureAwait(false);
            if (reply is not NgSdpReply rewritten)
            {
                var failure = FailureOf(reply);
                Log.CommandFailed(_logger, "offer", callId, Reason(reply), ClientError(reply), failure.Status);
                OnFailed(exchange);
                return new OfferOutcome(null, failure);
            }

            Log.Sent(_logger, "offer", callId, kind);
            exchange.RelayHolds = kind;
            if (kind == MediaLegKind.WebRtc)
            {
                exchange.WebRtcBody = ForWebRtc(rewritten.Sdp.Span, kind, null);
            }
            else
            {
                exchange.PlainBody = rewritten.Sdp.ToArray();
            }
        }

        return new OfferOutcome(exchange, null);
    }

    /// <summary>
    /// The kinds of target among the branches, the first target's kind last: the relay keeps the
    /// profile of the last offer, and the first target is the likeliest to answer. Pool switches
    /// are plain RTP.
    /// </summary>
    private static List<MediaLegKind> KindsToOffer(IReadOnlyList<IReadOnlyList<ForwardingTarget>> groups, bool toPool)
    {
        MediaLegKind? first = null;
        bool plain = false, webRtc = false;
        foreach (var group in groups)
        {
            foreach (var target in group)
            {
                var kind = MediaLegKinds.OfReceiver(target.Destination.Transport);
                first ??= kind;
                plain |= kind == MediaLegKind.Plain;
                webRtc |= kind == MediaLegKind.WebRtc;
            }
        }

        if (toPool)
        {
            first ??= MediaLegKind.Plain;
            plain = true;
        }

        if (first is null)
        {
            return [];
        }

        var kinds = new List<MediaLegKind>(2);
        if (plain && webRtc)
        {
            kinds.Add(first == MediaLegKind.Plain ? MediaLegKind.WebRtc : MediaLegKind.Plain);
        }

        kinds.Add(first.Value);
        return kinds;
    }

    /// <summary>
    /// The relay's SDP as it goes to a party: towards a browser, with the BUNDLE group the relay may
    /// leave out (<see cref="SdpBundle"/>); an answer keeps only a group its offer had.
    /// </summary>
    private static byte[] ForWebRtc(ReadOnlySpan<byte> sdp, MediaLegKind towards, ReadOnlyMemory<byte>? offer) =>
        towards != MediaLegKind.WebRtc ? sdp.ToArray()
        : (offer is { } answered ? SdpBundle.AddToAnswer(sdp, answered.Span) : SdpBundle.AddToOffer(sdp)) ?? sdp.ToArray();
}
