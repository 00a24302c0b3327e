using System.Globalization;
using System.Net;
using Bridgehead.Ng;
using Bridgehead.Relay.Sessions;
using Bridgehead.Sdp;
using Bridgehead.Stun.Ice;

namespace Bridgehead.Relay.SdpRewriting;

/// <summary>
/// Rewrites the SDP one leg sent into the SDP the other leg gets, in that leg's profile: the relay's
/// address and ports, then the transport of the target (ICE-lite credentials and host candidates,
/// a=fingerprint and a=setup, a=crypto, a=rtcp / a=rtcp-mux, a=mid and BUNDLE) in place of the
/// sender's. Codecs, telephone-event, ptime and direction pass through (ng-protocol §5).
/// </summary>
internal static class SdpRewriter
{
    // Attributes that describe the sender's own transport; they never cross the relay.
    private static readonly HashSet<string> TransportAttributes = new(StringComparer.Ordinal)
    {
        "candidate", "end-of-candidates", "remote-candidates", "ice-ufrag", "ice-pwd", "ice-options", "ice-pacing", "ice-lite",
        "fingerprint", "setup", "tls-id", "crypto", "rtcp", "rtcp-mux", "rtcp-mux-only", "mid",
    };

    /// <summary>Rewrites <paramref name="sdp"/> (a copy) for <paramref name="target"/>; returns warnings for the reply.</summary>
    public static string? Rewrite(SdpSession sdp, Leg target, CommandOptions options, bool isOffer, bool bundleAllowed)
    {
        ArgumentNullException.ThrowIfNull(sdp);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        var address = options.MediaAddress ?? target.Interface.AdvertisedAddress;
        var connection = SdpConnection.FromAddress(address);
        if ((options.Replace & (NgReplace.Origin | NgReplace.OriginFull)) != 0)
        {
            sdp.Origin = sdp.Origin.WithAddress(address);
        }

        // Every address that leaves the relay must reach the relay (product flow 4), so a
        // session-level c= is ours whether or not replace-session-connection was asked for.
        if (sdp.Connection is not null)
        {
            sdp.Connection = connection;
        }

        sdp.RemoveAttributes(a => TransportAttributes.Contains(a.Name));
        sdp.SetGroup(SdpGroup.Bundle, null);

        string? warning = null;
        var mids = new List<string>();
        var active = 0;
        var webRtc = false;
        var ice = false;
        for (var i = 0; i < sdp.Media.Count; i++)
        {
            var media = sdp.Media[i];
            var stream = i < target.Streams.Count ? target.Streams[i] : null;
            if (stream is not { Active: true, Profile: not null, Rtp: not null })
            {
                SdpOfferAnswer.Reject(media);
                media.RemoveAttributes(a => TransportAttributes.Contains(a.Name));
                continue;
            }

            active++;
            if (isOffer && options.Codec is { } codec && CodecFilter.Apply(media, codec) is { } codecWarning)
            {
                warning = codecWarning;
            }

            // An answer may name only formats the offer had (RFC 3264 §6.1); a far end that lists
            // more (a browser answering with its whole codec list) is trimmed, as rtpengine does.
            if (!isOffer && stream.OfferedFormats.Count > 0)
            {
                var allowed = media.Formats.Where(stream.OfferedFormats.Contains).ToList();
                if (allowed.Count > 0 && allowed.Count < media.Formats.Count)
                {
                    media.RetainFormats(allowed);
                }
            }

            RewriteMedia(sdp, media, stream, address, connection, isOffer);
            webRtc |= stream.Profile.IsWebRtc;
            ice |= stream.Profile.Ice;
            if (stream.Profile.IsWebRtc && stream.Mid is { } mid)
            {
                mids.Add(mid);
            }
        }

        if (!webRtc)
        {
            // Header extensions are negotiated per WebRTC transport; a plain leg gets none.
            sdp.RemoveAttributes(a => a.Name is "extmap" or "extmap-allow-mixed");
        }

        // The streams keep their own ports (BUNDLE is not demultiplexed by mid), so only a single
        // stream may be grouped: what a browser needs for one audio stream (RFC 9143).
        if (bundleAllowed && active == 1 && mids.Count == 1)
        {
            sdp.SetGroup(SdpGroup.Bundle, mids);
        }

        sdp.IceLite = ice;
        return warning;
    }

    private static void RewriteMedia(SdpSession sdp, SdpMedia media, MediaStream stream, IPAddress address, SdpConnection connection, bool isOffer)
    {
        var profile = stream.Profile!;
        var rtpPort = stream.Rtp!.Port;
        media.MediaLine = media.MediaLine with { Port = rtpPort, PortCount = null, Protocol = profile.Protocol };
        if (media.Connection is not null || sdp.Connection is null)
        {
            media.Connection = connection;
        }

        media.RemoveAttributes(a => TransportAttributes.Contains(a.Name));
        if (!profile.HasFeedback)
        {
            media.RemoveAttributes("rtcp-fb");
        }

        if (!profile.IsWebRtc)
        {
            media.RemoveAttributes("extmap");
        }

        // RTCP: muxed (RFC 5761 §5.1.3), with a fallback port in an offer unless mux is required.
        var offerRtcpPort = profile.RtcpMux && isOffer && !stream.RtcpMuxRequired && stream.Rtcp is not null;
        if (profile.RtcpMux)
        {
            media.Rtcp = new SdpRtcp(offerRtcpPort ? stream.Rtcp!.Port : rtpPort);
            media.RtcpMux = true;
        }
        else if (stream.Rtcp is { } rtcp)
        {
            media.Rtcp = new SdpRtcp(rtcp.Port);
        }

        if (profile.Ice && stream.LocalIce is { } localIce)
        {
            media.IceUfrag = localIce.LocalUfrag;
            media.IcePwd = localIce.LocalPassword;
            var host = address.ToString();
            media.AddCandidate(new SdpCandidate("1", 1, "udp", IceCandidatePriority.DefaultHost, host, rtpPort, SdpCandidate.Host));
            if ((!profile.RtcpMux || offerRtcpPort) && stream.Rtcp is { } rtcpPort)
            {
                var priority = IceCandidatePriority.Compute(IceCandidatePriority.HostTypePreference, 65535, 2);
                media.AddCandidate(new SdpCandidate("1", 2, "udp", priority, host, rtcpPort.Port, SdpCandidate.Host));
            }

            // A lite agent has every candidate from the start (RFC 8840 §8.2).
            media.EndOfCandidates = true;
        }

        switch (profile.Security)
        {
            case MediaSecurity.Dtls when stream.Certificate is { } certificate:
                var fingerprint = certificate.GetFingerprint(stream.FingerprintHash).ToString();
                if (SdpFingerprint.TryParse(fingerprint, out var sdpFingerprint))
                {
                    media.SetFingerprints([sdpFingerprint]);
                }

                // An offerer says actpass and lets the browser choose (ng-protocol §5.3, as rtpengine does).
                media.Setup = isOffer ? SdpSetupRole.ActPass
                    : stream.DtlsRole == Bridgehead.Dtls.DtlsRole.Client ? SdpSetupRole.Active : SdpSetupRole.Passive;
                break;
            case MediaSecurity.Sdes when isOffer:
                foreach (var key in stream.OfferedKeys)
                {
                    media.AddCrypto(key.ToCrypto());
                }

                break;
            case MediaSecurity.Sdes when stream.LocalKey is { } local:
                media.AddCrypto(local.ToCrypto());
                break;
        }

        if (profile.IsWebRtc && stream.Mid is { } mid)
        {
            media.Mid = mid;
        }
    }

    /// <summary>The mid a WebRTC leg gets for a stream the other leg did not name.</summary>
    public static string GeneratedMid(int index) => index.ToString(CultureInfo.InvariantCulture);
}
