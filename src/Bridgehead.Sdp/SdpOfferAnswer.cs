namespace Bridgehead.Sdp;

/// <summary>A codec both sides have: the offer's entry (whose payload type the answer uses) and the local one.</summary>
public sealed record SdpCodecMatch(SdpCodec Offered, SdpCodec Local)
{
    /// <summary>The codec as the answer writes it: local name, rate and parameters under the offer's payload type (RFC 3264 §6.1).</summary>
    public SdpCodec ForAnswer => Local with { PayloadType = Offered.PayloadType };
}

/// <summary>Why an answer does not fit its offer (RFC 3264 §6).</summary>
public enum SdpAnswerError
{
    None,
    MediaCountMismatch,
    MediaTypeMismatch,

    /// <summary>An accepted stream lists a payload type the offer did not have.</summary>
    UnofferedFormat,

    /// <summary>A stream rejected in the offer (port 0) is accepted in the answer.</summary>
    AcceptedRejectedStream,
}

/// <summary>
/// The offer/answer rules of RFC 3264 that a relay applies when it answers on behalf of one leg
/// or checks what the other leg answered.
/// </summary>
public static class SdpOfferAnswer
{
    /// <summary>
    /// The offered codecs the local side also supports, in the offer's order of preference
    /// (RFC 3264 §6.1), matched by encoding name, clock rate and channels. Telephone-event and
    /// comfort noise are carried only next to a chosen voice codec of the same clock rate
    /// (RFC 4733 §2.1), so a PCMU answer keeps telephone-event/8000 but not /48000.
    /// </summary>
    public static IReadOnlyList<SdpCodecMatch> MatchCodecs(IReadOnlyList<SdpCodec> offered, IReadOnlyList<SdpCodec> supported)
    {
        ArgumentNullException.ThrowIfNull(offered);
        ArgumentNullException.ThrowIfNull(supported);
        var matches = new List<SdpCodecMatch>();
        foreach (var offer in offered)
        {
            foreach (var local in supported)
            {
                if (offer.IsSameCodec(local))
                {
                    matches.Add(new SdpCodecMatch(offer, local));
                    break;
                }
            }
        }

        var voiceRates = new HashSet<int>();
        foreach (var match in matches)
        {
            if (!match.Offered.IsCompanion)
            {
                voiceRates.Add(match.Offered.ClockRate);
            }
        }

        matches.RemoveAll(m => m.Offered.IsCompanion && !voiceRates.Contains(m.Offered.ClockRate));
        return matches;
    }

    /// <summary>
    /// The direction an answerer writes (RFC 3264 §6.1): it may only narrow what the offer
    /// allows, so a sendonly offer is answered recvonly (or inactive), and so on.
    /// </summary>
    public static SdpDirection AnswerDirection(SdpDirection offered, SdpDirection local)
    {
        var sends = offered.Receives() && local.Sends();
        var receives = offered.Sends() && local.Receives();
        return SdpDirectionExtensions.From(sends, receives);
    }

    /// <summary>
    /// The DTLS role an answerer writes (RFC 5763 §5, RFC 4145 §4.1): to actpass it answers its
    /// preference (active by default, as browsers do, unless passive is preferred); to active it
    /// must be passive and the other way round.
    /// </summary>
    public static SdpSetupRole AnswerSetup(SdpSetupRole offered, SdpSetupRole preferred = SdpSetupRole.Active) => offered switch
    {
        SdpSetupRole.Active => SdpSetupRole.Passive,
        SdpSetupRole.Passive => SdpSetupRole.Active,
        SdpSetupRole.HoldConn => SdpSetupRole.HoldConn,
        _ => preferred == SdpSetupRole.Passive ? SdpSetupRole.Passive : SdpSetupRole.Active,
    };

    /// <summary>
    /// Rejects a stream in an answer: port 0 (RFC 3264 §6), with the offered formats still listed
    /// because the m= grammar needs one, and nothing that would start a transport (ICE, crypto).
    /// </summary>
    public static void Reject(SdpMedia media)
    {
        ArgumentNullException.ThrowIfNull(media);
        media.Port = 0;
        media.RemoveAttributes(a => a.Name is "candidate" or "end-of-candidates" or "ice-ufrag" or "ice-pwd" or "ice-options"
            or "crypto" or "fingerprint" or "setup" or "rtcp" or "rtcp-mux");
    }

    /// <summary>Checks an answer against its offer: same streams in the same order, formats drawn from the offer.</summary>
    public static SdpAnswerError ValidateAnswer(SdpSession offer, SdpSession answer, out int mediaIndex)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(answer);
        mediaIndex = -1;
        if (offer.Media.Count != answer.Media.Count)
        {
            return SdpAnswerError.MediaCountMismatch;
        }

        for (var i = 0; i < offer.Media.Count; i++)
        {
            mediaIndex = i;
            var o = offer.Media[i].MediaLine;
            var a = answer.Media[i].MediaLine;
            if (!o.Media.Equals(a.Media, StringComparison.OrdinalIgnoreCase))
            {
                return SdpAnswerError.MediaTypeMismatch;
            }

            if (a.Port == 0)
            {
                continue;
            }

            if (o.Port == 0)
            {
                return SdpAnswerError.AcceptedRejectedStream;
            }

            // Formats are compared as codecs for RTP (payload numbers of dynamic types may
            // legitimately differ only when the offer did not list the codec at all, which is
            // the error), and as tokens for everything else.
            if (SdpProtocol.IsRtp(a.Protocol))
            {
                var offered = offer.Media[i].Codecs;
                foreach (var codec in answer.Media[i].Codecs)
                {
                    if (!offered.Any(c => c.IsSameCodec(codec)))
                    {
                        return SdpAnswerError.UnofferedFormat;
                    }
                }
            }
            else if (a.Formats.Any(f => !o.Formats.Contains(f)))
            {
                return SdpAnswerError.UnofferedFormat;
            }
        }

        mediaIndex = -1;
        return SdpAnswerError.None;
    }
}
