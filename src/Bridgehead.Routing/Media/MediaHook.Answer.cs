using Bridgehead.Ng;
using Bridgehead.Sip;

namespace Bridgehead.Routing.Media;

// Answers in responses (183, 200), late offers in a 2xx, and their answers in the ACK.
public sealed partial class MediaHook
{
    /// <summary>
    /// A response of the exchange on its way upstream: an SDP answer goes to the relay and comes
    /// back rewritten in the offerer's profile; an offer in a 2xx (late offer) is offered to the
    /// relay towards the requester. A retransmitted 2xx reuses the earlier result.
    /// </summary>
    internal async Task<ResponseOutcome> ResponseAsync(MediaExchange exchange, SipMessage response, SipDestination responder)
    {
        var status = response.StatusCode;
        if (exchange.Failed && status is >= 200 and < 300)
        {
            return new ResponseOutcome(ResponseAction.Drop);
        }

        if (status is <= 100 or >= 300 || !SdpBody.Has(response))
        {
            return ResponseOutcome.Unchanged;
        }

        if (exchange.Call is not { } call)
        {
            return new ResponseOutcome(ResponseAction.Forward, FixNatedSdp(response.Body, responder.EndPoint));
        }

        var toTag = Text(response.To.Tag);
        if (toTag.Length == 0)
        {
            return ResponseOutcome.Unchanged;
        }

        var key = $"{(exchange.IsLateOffer ? "offer" : "answer")}/{exchange.OffererTag}/{toTag}/{response.CSeq.Number}";
        if (call.Cached(key, response.Body) is { } cached)
        {
            return new ResponseOutcome(ResponseAction.Forward, cached);
        }

        NgReply reply;
        string command;
        if (exchange.IsLateOffer)
        {
            command = "offer";
            call.Offered = true;
            reply = await SendAsync(_commands.Offer(exchange.CallId, toTag, exchange.OffererTag, response.BodyMemory, exchange.OffererKind)).ConfigureAwait(false);
            if (reply is NgSdpReply)
            {
                call.PendingLateOffer = new LateOffer(toTag, exchange.OffererTag, MediaLegKinds.OfSender(responder.Transport, response.Body), response.BodyMemory.ToArray());
            }
        }
        else
        {
            command = "answer";
            reply = await PrepareForAnswererAsync(exchange, responder.Transport).ConfigureAwait(false)
                ?? await SendAsync(_commands.Answer(exchange.CallId, exchange.OffererTag, toTag, response.BodyMemory, exchange.OffererKind)).ConfigureAwait(false);
        }

        if (reply is NgSdpReply rewritten)
        {
            Log.Sent(_logger, command, exchange.CallId, exchange.OffererKind);
            var body = ForWebRtc(rewritten.Sdp.Span, exchange.OffererKind, exchange.IsLateOffer ? null : exchange.Offer);
            call.Remember(key, response.Body, body);
            return new ResponseOutcome(ResponseAction.Forward, body);
        }

        var failure = FailureOf(reply);
        Log.CommandFailed(_logger, command, exchange.CallId, Reason(reply), ClientError(reply), status >= 200 ? failure.Status : 0);
        if (status < 200)
        {
            // A provisional with SDP the relay could not take: the 2xx will try again.
            return new ResponseOutcome(ResponseAction.Drop);
        }

        exchange.Failed = true;
        return new ResponseOutcome(ResponseAction.Fail, Failure: failure);
    }

    /// <summary>
    /// The answer of a late offer, in the ACK: rewritten in the profile of the party that made the
    /// offer. Null to forward the ACK as it is (no SDP, not a pending late offer, or the relay failed:
    /// an ACK has no response to carry an error).
    /// </summary>
    internal async Task<byte[]?> AckBodyAsync(SipMessage ack)
    {
        if (Mode == MediaMode.Off || !SdpBody.Has(ack))
        {
            return null;
        }

        var callId = Text(ack.CallId);
        var fromTag = Text(ack.From.Tag);
        var toTag = Text(ack.To.Tag);
        if (_calls.Find(callId, fromTag, toTag) is not { } call || call.PendingLateOffer is not { } late
            || late.RequesterTag != fromTag || late.ResponderTag != toTag)
        {
            return null;
        }

        var key = $"ack/{toTag}/{ack.CSeq.Number}";
        if (call.Cached(key, ack.Body) is { } cached)
        {
            return cached;
        }

        var reply = await SendAsync(_commands.Answer(callId, late.ResponderTag, late.RequesterTag, ack.BodyMemory, late.ResponderKind)).ConfigureAwait(false);
        if (reply is not NgSdpReply rewritten)
        {
            Log.CommandFailed(_logger, "answer", callId, Reason(reply), ClientError(reply), 0);
            return null;
        }

        Log.Sent(_logger, "answer", callId, late.ResponderKind);
        var body = ForWebRtc(rewritten.Sdp.Span, late.ResponderKind, late.Offer);
        call.Remember(key, ack.Body, body);
        return body;
    }

    /// <summary>
    /// Forks of both kinds were offered and the relay holds the last: when the other kind answers,
    /// the offer is made again for it first (same ports and keys; only the onward profile changes).
    /// Null when nothing was needed or it worked; else the failed reply.
    /// </summary>
    private async Task<NgReply?> PrepareForAnswererAsync(MediaExchange exchange, SipTransportKind responderTransport)
    {
        var kind = MediaLegKinds.OfReceiver(responderTransport);
        if (exchange.PlainBody is null || exchange.WebRtcBody is null || exchange.RelayHolds == kind)
        {
            return null;
        }

        var reply = await SendAsync(_commands.Offer(exchange.CallId, exchange.OffererTag, null, exchange.Offer, kind)).ConfigureAwait(false);
        if (reply is not NgSdpReply)
        {
            return reply;
        }

        exchange.RelayHolds = kind;
        return null;
    }
}
