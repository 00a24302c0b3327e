using Bridgehead.Ng;
using Bridgehead.Relay.SdpRewriting;
using Bridgehead.Relay.Sessions;
using Bridgehead.Sdp;
using Microsoft.Extensions.Logging;

namespace Bridgehead.Relay;

// offer (ng-protocol §3.2): the offerer's SDP in, the SDP for the answerer out.
public sealed partial class MediaRelay
{
    public NgReply Offer(NgOfferCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command = NgFlagString.ApplyRtppFlags(command) as NgOfferCommand ?? command;
        if (!SdpParser.TryParse(command.Sdp.Span, out var sdp, out var failure))
        {
            Log.BadSdp(_logger, command.CallId, "offer", failure.ToString());
            return new NgErrorReply($"Failed to parse SDP: {failure}");
        }

        var session = GetOrCreateSession(command.CallId, out var created);
        if (session is null)
        {
            Interlocked.Increment(ref _rejectedSessions);
            return new NgErrorReply("Too many sessions");
        }

        NgReply reply;
        lock (session.Lock)
        {
            reply = session.Ended ? new NgErrorReply("Call is being deleted") : OfferLocked(session, command, sdp);
        }

        if (created)
        {
            if (reply is NgErrorReply)
            {
                EndSession(session, SessionEndReason.Deleted, count: false);
            }
            else
            {
                Interlocked.Increment(ref _managedSessions);
                _metrics.SessionStarted();
                Log.SessionCreated(_logger, command.CallId, command.FromTag);
            }
        }

        return reply;
    }

    private NgReply OfferLocked(MediaSession session, NgOfferCommand command, SdpSession sdp)
    {
        var options = CommandOptions.From(command);
        session.LastSignal = _time.GetUtcNow();
        session.LastSignalTimestamp = _time.GetTimestamp();

        // The offerer is the from-tag; the answerer is named by to-tag in a dialog (a re-INVITE
        // from either side), else it is the other party still waiting for its answer.
        var direction = command.Direction;
        var offerer = session.FindLeg(command.FromTag)
            ?? AddLeg(session, command.FromTag, InterfaceNamed(command.FromInterface ?? (direction.Count > 0 ? direction[0] : null)));
        var answerer = (command.ToTag is { } toTag ? session.FindLeg(toTag) : null)
            ?? offerer.Other
            ?? AddLeg(session, command.ToTag, InterfaceNamed(command.ToInterface ?? (direction.Count > 1 ? direction[1] : null)));
        offerer.Other = answerer;
        answerer.Other = offerer;
        offerer.ViaBranch ??= command.ViaBranch;
        offerer.Label = command.Label ?? offerer.Label;
        offerer.OfferedBundle = sdp.BundleGroup is not null;

        for (var i = 0; i < sdp.Media.Count; i++)
        {
            var media = sdp.Media[i];
            var offered = StreamAt(offerer, i, media.MediaType);
            var onward = StreamAt(answerer, i, media.MediaType);
            offered.Partner = onward;
            onward.Partner = offered;
            var remote = RemoteMedia.From(sdp, media, options.SourceAddress);
            if (remote.Rejected || !SdpProtocol.IsRtp(media.Protocol))
            {
                // Rejected or not RTP (a data channel): port 0 both ways.
                offered.Remote = remote;
                Deactivate(offered);
                Deactivate(onward);
                continue;
            }

            if (PrepareOfferer(offered, remote, options) is { } offererError)
            {
                return offererError;
            }

            PrepareOnward(onward, remote, options, i);
            if (!EnsurePorts(offered, needRtcp: !offered.Profile!.RtcpMux) || !EnsurePorts(onward, needRtcp: !onward.RtcpMuxRequired))
            {
                Log.OutOfPorts(_logger, session.CallId);
                return new NgErrorReply("Ran out of ports");
            }

            offered.Active = true;
            onward.Active = true;
        }

        var warning = SdpRewriter.Rewrite(sdp, answerer, options, isOffer: true, bundleAllowed: true);
        ConfigurePaths(session);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            var streams = Describe(answerer);
            Log.Offer(_logger, session.CallId, command.FromTag, streams);
        }
        return new NgSdpReply(SdpWriter.ToBytes(sdp)) { Warning = warning };
    }

    /// <summary>The offerer's stream: what it speaks, and what our answer to it will carry.</summary>
    private NgErrorReply? PrepareOfferer(MediaStream stream, RemoteMedia remote, CommandOptions options)
    {
        var previous = stream.Remote;
        stream.RemoteChanged = previous?.Rtp is { } before && !before.Equals(remote.Rtp);
        stream.Remote = remote;
        stream.OfferedFormats = remote.Formats;
        var profile = LegProfilePolicy.OfOfferer(remote);
        stream.Profile = profile with { RtcpMux = LegProfilePolicy.AcceptsOffererMux(options, profile) };
        stream.Latching = options.Latching;
        stream.Mid = remote.Mid;
        if (profile.Ice)
        {
            stream.LocalIce ??= NewIceCredentials();
        }

        switch (profile.Security)
        {
            case MediaSecurity.Sdes:
                if (AnswerKeys(stream, remote, options) is not { } keys)
                {
                    return new NgErrorReply("No usable SDES crypto suite in the offer");
                }

                stream.RemoteKey = keys.Remote;
                stream.LocalKey = keys.Local;
                break;
            case MediaSecurity.Dtls:
                if (remote.Fingerprints.Count == 0)
                {
                    return new NgErrorReply("DTLS-SRTP offer without a usable fingerprint");
                }

                stream.Certificate ??= _certificates.GetCertificate();
                stream.FingerprintHash = options.FingerprintHash;

                // Provisional: the answer's DTLS option may still choose (ng-protocol §5.2).
                stream.DtlsRole = LegProfilePolicy.AnswerRole(remote.Setup, options.Dtls);
                break;
        }

        return null;
    }

    /// <summary>The answerer's stream: what we offer it.</summary>
    private void PrepareOnward(MediaStream stream, RemoteMedia offered, CommandOptions options, int index)
    {
        var profile = LegProfilePolicy.ForAnswerer(options, LegProfilePolicy.OfOfferer(offered));
        stream.Profile = profile;
        stream.RtcpMuxRequired = profile.RtcpMux && (options.RtcpMux & NgRtcpMux.Require) != 0;
        stream.Latching = options.Latching;
        stream.Mid = profile.IsWebRtc || options.GenerateMid ? offered.Mid ?? SdpRewriter.GeneratedMid(index) : null;
        if (profile.Ice)
        {
            stream.LocalIce ??= NewIceCredentials();
        }

        switch (profile.Security)
        {
            case MediaSecurity.Sdes:
                stream.OfferedKeys = OfferKeys(stream, options);
                break;
            case MediaSecurity.Dtls:
                stream.Certificate ??= _certificates.GetCertificate();
                stream.FingerprintHash = options.FingerprintHash;
                break;
        }
    }

    private MediaSession? GetOrCreateSession(string callId, out bool created)
    {
        created = false;
        if (_sessions.TryGetValue(callId, out var existing))
        {
            return existing;
        }

        if (_sessions.Count >= _options.MaxSessions)
        {
            return null;
        }

        var session = new MediaSession(callId, NextWorker(), _time.GetUtcNow(), _time.GetTimestamp());
        var winner = _sessions.GetOrAdd(callId, session);
        created = ReferenceEquals(winner, session);
        return winner;
    }

    private static string Describe(Leg leg) =>
        string.Join(", ", leg.Streams.Where(s => s.Active && s.Profile is not null).Select(s =>
            $"{s.MediaType} {s.Rtp?.Port} {s.Profile!.Protocol}{(s.Profile.Ice ? " ICE" : "")}{(s.Profile.RtcpMux ? " mux" : "")} {s.Profile.Security}"));
}
