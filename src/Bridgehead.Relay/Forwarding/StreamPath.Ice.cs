using System.Net;
using Bridgehead.Relay.Io;
using Bridgehead.Stun.Ice;

namespace Bridgehead.Relay.Forwarding;

// ICE-lite (RFC 8445 §2.5): the browser sends every check; the relay answers them, learns the
// peer's address from the first authenticated one and follows its nomination.
internal sealed partial class StreamPath
{
    // RFC 7675 §5.1: consent expires 30 s after the last authenticated check.
    private static readonly TimeSpan ConsentTimeout = TimeSpan.FromSeconds(30);

    private string? _iceRemoteUfrag;

    /// <summary>Answers a STUN datagram; the first valid check sets where media goes and starts DTLS.</summary>
    public void OnStun(MediaEndpoint endpoint, ReadOnlySpan<byte> datagram, SocketAddress source, ForwardContext context)
    {
        var agent = endpoint.IsRtcp ? IceRtcp : Ice;
        if (agent is null)
        {
            context.Counters.Drop(DropReason.UnexpectedStun);
            Counters.Error();
            return;
        }

        var result = agent.Process(datagram, StunSource(source), context.UtcNow, context.Scratch);
        switch (result.Outcome)
        {
            case IceLiteOutcome.Answered:
                context.Counters.StunAnsweredOne();
                endpoint.Send(context.Scratch.AsSpan(0, result.ResponseLength), source);
                break;
            case IceLiteOutcome.Rejected:
                // An error response (wrong password, role conflict, …): answered, but learns nothing.
                context.Counters.StunRejectedOne();
                endpoint.Send(context.Scratch.AsSpan(0, result.ResponseLength), source);
                Counters.Error();
                return;
            case IceLiteOutcome.Indication:
                return;
            default:
                context.Counters.Drop(result.Error is IceCheckError.Malformed or IceCheckError.BadFingerprint
                    ? DropReason.MalformedStun
                    : DropReason.IgnoredStun);
                Counters.Error();
                return;
        }

        Counters.Touched(context.Now);
        if (endpoint.IsRtcp)
        {
            // Component 2 (RTCP without mux): its checks tell where RTCP goes.
            if (!RtcpLatched || (result.Events & IceLiteEvents.SelectedPairChanged) != 0)
            {
                Copy(source, RtcpPeer);
                HasRtcpPeer = true;
                RtcpLatched = true;
                PublishPeers();
            }

            return;
        }

        if ((result.Events & IceLiteEvents.PairAdded) != 0)
        {
            AddVerified(source);
        }

        var fromCurrentPeer = HasRtpPeer && RtpPeer.Equals(source);
        if (!HasRtpPeer || (result.Events & IceLiteEvents.SelectedPairChanged) != 0)
        {
            // The checklist (specs/dtls-srtp-with-bouncycastle.md §2): Chromium's ClientHello follows
            // its first successful check within milliseconds and ~40 ms before it nominates, so media
            // and DTLS go to the first authenticated source until a nomination says otherwise. A
            // selection changes only on a check from the selected pair, which is this one.
            var first = !HasRtpPeer;
            Copy(source, RtpPeer);
            HasRtpPeer = true;
            RtpLatched = true;
            fromCurrentPeer = true;
            Dtls?.UpdatePeer(source);
            PublishPeers();
            if (first)
            {
                Events.IcePeerLearned(this, StunSource(source));
            }
        }

        if (fromCurrentPeer)
        {
            ConsentExpires = context.Now + (long)(ConsentTimeout.TotalSeconds * context.Time.TimestampFrequency);
        }

        if (DtlsConfig is not null && Dtls is null)
        {
            StartDtls(source);
        }
    }

    private void ApplyIce(IceSettings? settings)
    {
        if (settings is null)
        {
            if (Ice is not null)
            {
                StopIce();
                HasRtpPeer = false;
                RtpLatched = false;
            }

            return;
        }

        if (Ice is { } current && current.Config.LocalUfrag == settings.LocalUfrag && current.Config.LocalPassword == settings.LocalPassword)
        {
            if (settings.RemoteUfrag is { } remote && remote != _iceRemoteUfrag)
            {
                current.SetRemoteUfrag(remote);
                IceRtcp?.SetRemoteUfrag(remote);
                _iceRemoteUfrag = remote;
            }
        }
        else
        {
            // New credentials: an ICE restart (RFC 8445 §9); everything learned goes.
            StopIce();
            Ice = new IceLiteAgent(AgentConfig(settings));
            _iceRemoteUfrag = settings.RemoteUfrag;
            HasRtpPeer = false;
            RtpLatched = false;
            ConsentExpires = 0;
        }

        if (!RtcpMux && IceRtcp is null)
        {
            IceRtcp = new IceLiteAgent(AgentConfig(settings) with { LocalPriority = IceCandidatePriority.Compute(IceCandidatePriority.HostTypePreference, 65535, 2) });
            if (_iceRemoteUfrag is { } remote)
            {
                IceRtcp.SetRemoteUfrag(remote);
            }
        }
        else if (RtcpMux && IceRtcp is not null)
        {
            IceRtcp.Dispose();
            IceRtcp = null;
        }
    }

    private static IceLiteConfig AgentConfig(IceSettings settings) => new()
    {
        LocalUfrag = settings.LocalUfrag,
        LocalPassword = settings.LocalPassword,
        RemoteUfrag = settings.RemoteUfrag,
        TieBreaker = settings.TieBreaker,
        Role = IceRole.Controlled,
    };

    private void StopIce()
    {
        Ice?.Dispose();
        IceRtcp?.Dispose();
        Ice = null;
        IceRtcp = null;
        _iceRemoteUfrag = null;
        _verifiedCount = 0;
        ConsentExpires = 0;
    }
}
