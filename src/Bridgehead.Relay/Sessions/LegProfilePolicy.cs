using Bridgehead.Dtls;
using Bridgehead.Ng;
using Bridgehead.Sdp;

namespace Bridgehead.Relay.Sessions;

/// <summary>
/// Decides each leg's profile, the way rtpengine does for the flags OpenSIPS and Kamailio send
/// (ng-protocol §3.2, §5): the offerer's from its own SDP, the answerer's from the offer's flags,
/// and the answer keeps the offerer's profile (RFC 3264 §6: an answer uses the offered profile).
/// </summary>
internal static class LegProfilePolicy
{
    /// <summary>What the offerer speaks, read from its offer.</summary>
    public static LegProfile OfOfferer(RemoteMedia remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        return new LegProfile(remote.Protocol, SecurityOf(remote), remote.Ice, remote.RtcpMux);
    }

    /// <summary>What is offered to the answerer: the offer's flags over the offerer's own profile.</summary>
    public static LegProfile ForAnswerer(CommandOptions options, LegProfile offerer)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(offerer);
        var protocol = options.TransportProtocol ?? offerer.Protocol;
        MediaSecurity security;
        if (SdpProtocol.IsDtls(protocol))
        {
            security = MediaSecurity.Dtls;
        }
        else if (SdpProtocol.IsSecure(protocol))
        {
            // RTP/SAVP(F) is SDES unless SDES is switched off or a DTLS role is asked for (5.3's
            // "DTLS=passive SDES-off ... RTP/SAVPF"), or the offerer used DTLS and nothing changes it.
            var wantsDtls = options.SdesOff || options.Dtls is NgDtlsMode.Passive or NgDtlsMode.Active
                || (offerer.Security == MediaSecurity.Dtls && options.TransportProtocol is null);
            security = wantsDtls && options.Dtls != NgDtlsMode.Off ? MediaSecurity.Dtls : MediaSecurity.Sdes;
        }
        else
        {
            security = MediaSecurity.None;
        }

        var ice = options.Ice switch
        {
            NgIceMode.Remove => false,
            NgIceMode.Force or NgIceMode.ForceRelay or NgIceMode.Optional => true,
            _ => offerer.Ice,
        };

        bool mux;
        if ((options.RtcpMux & (NgRtcpMux.Offer | NgRtcpMux.Require)) != 0)
        {
            mux = true;
        }
        else if ((options.RtcpMux & (NgRtcpMux.Demux | NgRtcpMux.Reject)) != 0)
        {
            mux = false;
        }
        else
        {
            mux = offerer.RtcpMux;
        }

        return new LegProfile(protocol, security, ice, mux);
    }

    /// <summary>rtcp-mux towards the offerer: accepted when it offered it, unless rejected (rtcp-mux-reject).</summary>
    public static bool AcceptsOffererMux(CommandOptions options, LegProfile offerer) =>
        offerer.RtcpMux && (options.RtcpMux & NgRtcpMux.Reject) == 0;

    /// <summary>
    /// Our DTLS role when answering (RFC 5763 §5): the opposite of a fixed role, or our preference
    /// when the offer says actpass; passive by default, so the browser, which sends its ClientHello
    /// right after its first successful check, drives the handshake (checklist §2).
    /// </summary>
    public static DtlsRole AnswerRole(SdpSetupRole? offered, NgDtlsMode? preference) => offered switch
    {
        SdpSetupRole.Active => DtlsRole.Server,
        SdpSetupRole.Passive => DtlsRole.Client,
        _ => preference == NgDtlsMode.Active ? DtlsRole.Client : DtlsRole.Server,
    };

    /// <summary>Our role after offering actpass: the answerer took the other one (active makes us the server).</summary>
    public static DtlsRole RoleFromAnswer(SdpSetupRole? answered) =>
        answered == SdpSetupRole.Passive ? DtlsRole.Client : DtlsRole.Server;

    private static MediaSecurity SecurityOf(RemoteMedia remote)
    {
        if (SdpProtocol.IsDtls(remote.Protocol))
        {
            return MediaSecurity.Dtls;
        }

        if (!SdpProtocol.IsSecure(remote.Protocol))
        {
            return MediaSecurity.None;
        }

        // RTP/SAVP(F) with a fingerprint and no a=crypto is DTLS-SRTP written the old way.
        return remote.Cryptos.Count == 0 && remote.Fingerprints.Count > 0 ? MediaSecurity.Dtls : MediaSecurity.Sdes;
    }
}
