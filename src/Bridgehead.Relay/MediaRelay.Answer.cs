using Bridgehead.Ng;
using Bridgehead.Relay.SdpRewriting;
using Bridgehead.Relay.Security;
using Bridgehead.Relay.Sessions;
using Bridgehead.Sdp;
using Microsoft.Extensions.Logging;

namespace Bridgehead.Relay;

// answer (ng-protocol §3.3): the answerer's SDP in, the answer for the offerer out, in the
// offerer's own profile.
public sealed partial class MediaRelay
{
    public NgReply Answer(NgAnswerCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command = NgFlagString.ApplyRtppFlags(command) as NgAnswerCommand ?? command;
        if (!SdpParser.TryParse(command.Sdp.Span, out var sdp, out var failure))
        {
            Log.BadSdp(_logger, command.CallId, "answer", failure.ToString());
            return new NgErrorReply($"Failed to parse SDP: {failure}");
        }

        if (!_sessions.TryGetValue(command.CallId, out var session))
        {
            return new NgErrorReply("Unknown call-id");
        }

        lock (session.Lock)
        {
            return session.Ended ? new NgErrorReply("Unknown call-id") : AnswerLocked(session, command, sdp);
        }
    }

    private NgReply AnswerLocked(MediaSession session, NgAnswerCommand command, SdpSession sdp)
    {
        var offerer = session.FindLeg(command.FromTag);
        if (offerer?.Other is null)
        {
            return new NgErrorReply("Unknown call-id or from-tag");
        }

        // The answerer takes the to-tag; a later 200 OK from another fork takes it over (one leg per side).
        var toTag = command.ToTag ?? string.Empty;
        var answerer = session.FindLeg(toTag) ?? offerer.Other;
        answerer.Tag = toTag;
        answerer.Other = offerer;
        offerer.Other = answerer;
        answerer.ViaBranch ??= command.ViaBranch;
        answerer.Label = command.Label ?? answerer.Label;
        if (sdp.Media.Count != offerer.Streams.Count)
        {
            return new NgErrorReply("The answer does not have the offer's media sections");
        }

        var options = CommandOptions.From(command);
        session.LastSignal = _time.GetUtcNow();
        session.LastSignalTimestamp = _time.GetTimestamp();
        string? warning = null;
        for (var i = 0; i < sdp.Media.Count; i++)
        {
            var offered = offerer.Streams[i];
            var answered = StreamAt(answerer, i, sdp.Media[i].MediaType);
            offered.Partner = answered;
            answered.Partner = offered;
            var remote = RemoteMedia.From(sdp, sdp.Media[i], options.SourceAddress);
            if (!offered.Active || remote.Rejected)
            {
                Deactivate(offered);
                Deactivate(answered);
                continue;
            }

            warning = AcceptAnswer(answered, remote, options) ?? warning;
            if (!EnsurePorts(answered, needRtcp: !answered.Profile!.RtcpMux))
            {
                return new NgErrorReply("Ran out of ports");
            }

            // Towards the offerer: the DTLS role this answer's option prefers (5.2: DTLS=passive).
            if (offered.Profile?.Security == MediaSecurity.Dtls && command.Dtls is NgDtlsMode.Active or NgDtlsMode.Passive)
            {
                offered.DtlsRole = LegProfilePolicy.AnswerRole(offered.Remote?.Setup, command.Dtls);
            }
        }

        var rewriteWarning = SdpRewriter.Rewrite(sdp, offerer, options, isOffer: false, bundleAllowed: offerer.OfferedBundle);
        ConfigurePaths(session);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            var streams = Describe(offerer);
            Log.Answer(_logger, session.CallId, toTag, streams);
        }
        return new NgSdpReply(SdpWriter.ToBytes(sdp)) { Warning = rewriteWarning ?? warning };
    }

    /// <summary>Settles what the answerer accepted of our offer: mux, ICE, keys, DTLS role.</summary>
    private string? AcceptAnswer(MediaStream stream, RemoteMedia remote, CommandOptions options)
    {
        var previous = stream.Remote;
        stream.RemoteChanged = previous?.Rtp is { } before && !before.Equals(remote.Rtp);
        stream.Remote = remote;
        stream.Latching = options.Latching;
        var offered = stream.Profile!;

        // RFC 5761 §5.1.1: without a=rtcp-mux in the answer, RTCP has its own port, unless we
        // required mux (then the answerer had no other choice, §5.1.3).
        var mux = offered.RtcpMux && (remote.RtcpMux || stream.RtcpMuxRequired);

        // An answerer that writes no ICE credentials does not do ICE (RFC 8839 §4.2.5).
        var ice = offered.Ice && remote.Ice;
        var security = offered.Security;
        string? warning = null;
        switch (security)
        {
            case MediaSecurity.Sdes:
                var chosen = remote.Cryptos.Select(c => (Crypto: c, Ours: stream.OfferedKeys.FirstOrDefault(k => k.Tag == c.Tag)))
                    .FirstOrDefault(c => c.Ours is not null && SdesKey.FromCrypto(c.Crypto) is { } key && key.Profile == c.Ours.Profile);
                if (chosen.Ours is null)
                {
                    security = MediaSecurity.None;
                    warning = "The answer accepted none of the offered SDES keys; the leg is unencrypted";
                    break;
                }

                stream.RemoteKey = SdesKey.FromCrypto(chosen.Crypto);
                stream.LocalKey = chosen.Ours;
                break;
            case MediaSecurity.Dtls:
                if (remote.Fingerprints.Count == 0)
                {
                    security = MediaSecurity.None;
                    warning = "The answer carries no DTLS fingerprint; the leg is unencrypted";
                    break;
                }

                stream.DtlsRole = LegProfilePolicy.RoleFromAnswer(remote.Setup);
                break;
        }

        stream.Profile = offered with { RtcpMux = mux, Ice = ice, Security = security };
        if (warning is not null)
        {
            Log.AnswerDowngraded(_logger, stream.Name, warning);
        }

        return warning;
    }
}
