using System.Globalization;
using System.Net;
using Bridgehead.Codecs;
using Bridgehead.Sdp;

namespace Bridgehead.AppNode.Media;

/// <summary>
/// Offer/answer as a switch does it (RFC 3264): one audio stream over plain RTP/AVP with PCMU
/// or PCMA and telephone-event/8000 (RFC 4733), 20 ms packets. Other streams are refused with
/// port 0; secure profiles are left to the relay in front.
/// </summary>
public static class AppNodeSdp
{
    /// <summary>101 is the telephone-event payload type FreeSWITCH and most phones offer.</summary>
    public const int TelephoneEventPayloadType = 101;

    public const int PacketTimeMs = 20;

    /// <summary>What the node offers and accepts, in order of preference.</summary>
    public static readonly IReadOnlyList<SdpCodec> Supported =
    [
        new SdpCodec(0, "PCMU", 8000),
        new SdpCodec(8, "PCMA", 8000),
        new SdpCodec(TelephoneEventPayloadType, SdpCodec.TelephoneEvent, 8000, 1, "0-16"),
    ];

    /// <summary>Answers an offer: the first usable audio stream is accepted, every other stream is rejected.</summary>
    public static MediaNegotiationError Answer(ReadOnlySpan<byte> offerBody, IPAddress localAddress, int localPort, string sessionId, out SdpSession? answer, out NegotiatedMedia? media)
    {
        answer = null;
        media = null;
        if (!SdpParser.TryParse(offerBody, out var offer, out _))
        {
            return MediaNegotiationError.BadSdp;
        }

        var chosen = -1;
        var error = MediaNegotiationError.NoAudio;
        for (var i = 0; i < offer.Media.Count && chosen < 0; i++)
        {
            var m = offer.Media[i];
            if (!m.MediaType.Equals("audio", StringComparison.OrdinalIgnoreCase) || m.IsRejected)
            {
                continue;
            }

            if (m.Protocol is not (SdpProtocol.RtpAvp or SdpProtocol.RtpAvpf))
            {
                error = MediaNegotiationError.SecureProfileOnly;
                continue;
            }

            if (Choose(offer, m, reverse: false, out media))
            {
                chosen = i;
            }
            else
            {
                error = MediaNegotiationError.NoCommonCodec;
            }
        }

        if (chosen < 0)
        {
            media = null;
            return error;
        }

        answer = new SdpSession(new SdpOrigin("bridgehead", sessionId, "1", SdpConnection.Internet, Family(localAddress), localAddress.ToString()))
        {
            Connection = SdpConnection.FromAddress(localAddress),
        };
        for (var i = 0; i < offer.Media.Count; i++)
        {
            var offered = offer.Media[i];
            if (i != chosen)
            {
                // RFC 3264 §6: a refused stream keeps its place with port 0.
                var refused = new SdpMedia(offered.MediaLine with { Port = 0, PortCount = null });
                answer.Media.Add(refused);
                continue;
            }

            var line = new SdpMedia(new SdpMediaLine("audio", localPort, null, offered.Protocol, ["0"]));
            var chosenMedia = media!;
            var voice = chosenMedia.Codec == AudioCodec.Pcmu ? Supported[0] : Supported[1];
            var codecs = new List<SdpCodec> { voice with { PayloadType = chosenMedia.PayloadType } };
            if (chosenMedia.TelephoneEventPayloadType >= 0)
            {
                codecs.Add(Supported[2] with { PayloadType = chosenMedia.TelephoneEventPayloadType });
            }

            line.SetCodecs(codecs);
            line.Ptime = PacketTimeMs;
            line.Direction = chosenMedia.Direction;
            answer.Media.Add(line);
        }

        return MediaNegotiationError.None;
    }

    /// <summary>The node's offer for a call it places (originate), or for a 200 to an INVITE without SDP.</summary>
    public static SdpSession Offer(IPAddress localAddress, int localPort, string sessionId, long version = 1)
    {
        var offer = new SdpSession(new SdpOrigin("bridgehead", sessionId, version.ToString(CultureInfo.InvariantCulture), SdpConnection.Internet, Family(localAddress), localAddress.ToString()))
        {
            Connection = SdpConnection.FromAddress(localAddress),
        };
        var media = new SdpMedia(new SdpMediaLine("audio", localPort, null, SdpProtocol.RtpAvp, ["0"]));
        media.SetCodecs(Supported);
        media.Ptime = PacketTimeMs;
        media.Direction = SdpDirection.SendRecv;
        offer.Media.Add(media);
        return offer;
    }

    /// <summary>Reads the answer to the node's own offer: the codec the peer picked from it and where to send.</summary>
    public static MediaNegotiationError ReadAnswer(ReadOnlySpan<byte> answerBody, out NegotiatedMedia? media)
    {
        media = null;
        if (!SdpParser.TryParse(answerBody, out var answer, out _))
        {
            return MediaNegotiationError.BadSdp;
        }

        foreach (var m in answer.Media)
        {
            if (m.MediaType.Equals("audio", StringComparison.OrdinalIgnoreCase) && !m.IsRejected)
            {
                return Choose(answer, m, reverse: true, out media) ? MediaNegotiationError.None : MediaNegotiationError.NoCommonCodec;
            }
        }

        return MediaNegotiationError.NoAudio;
    }

    /// <summary>Picks the first voice codec of the stream the node supports, and telephone-event/8000 beside it.</summary>
    private static bool Choose(SdpSession session, SdpMedia stream, bool reverse, out NegotiatedMedia? media)
    {
        media = null;
        var matches = SdpOfferAnswer.MatchCodecs(stream.Codecs, Supported);
        var voice = matches.FirstOrDefault(m => !m.Offered.IsCompanion);
        if (voice is null || !AudioCodecInfo.TryIdentify(voice.Offered.Name, voice.Offered.ClockRate, voice.Offered.Channels, out var codec))
        {
            return false;
        }

        var events = matches.FirstOrDefault(m => m.Offered.Name.Equals(SdpCodec.TelephoneEvent, StringComparison.OrdinalIgnoreCase));
        var peerDirection = session.GetEffectiveDirection(stream);

        // As answerer the node narrows the offer (RFC 3264 §6.1); reading an answer, the peer's
        // direction seen from the node's side is the reverse of what it wrote.
        var direction = reverse ? peerDirection.Reverse() : SdpOfferAnswer.AnswerDirection(peerDirection, SdpDirection.SendRecv);
        IPEndPoint? remote = null;
        if (session.GetEffectiveConnection(stream) is { } c && c.TryGetIPAddress(out var address) && !c.IsUnspecified && stream.Port > 0)
        {
            remote = new IPEndPoint(address, stream.Port);
        }

        media = new NegotiatedMedia(remote, codec, voice.Offered.PayloadType, events?.Offered.PayloadType ?? -1, direction);
        return true;
    }

    private static string Family(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? SdpConnection.IP6 : SdpConnection.IP4;
}
