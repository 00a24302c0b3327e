using System.Net;
using Bridgehead.Dtls;
using Bridgehead.Relay.Io;
using Bridgehead.Relay.Security;
using Bridgehead.Rtp.Srtp;

namespace Bridgehead.Relay.Forwarding;

// DTLS-SRTP (RFC 5763, RFC 5764): the handshake runs on its own thread; its keys come back to the
// worker as two SRTP contexts, one per direction.
internal sealed partial class StreamPath
{
    /// <summary>Hands a DTLS datagram to the stream's session, starting it on the first ClientHello when we are the server.</summary>
    public void OnDtls(MediaEndpoint endpoint, ReadOnlySpan<byte> datagram, SocketAddress source, ForwardContext context)
    {
        if (DtlsConfig is null || endpoint.IsRtcp)
        {
            context.Counters.Drop(DropReason.UnexpectedDtls);
            Counters.Error();
            return;
        }

        // With ICE, DTLS is accepted only from an address that passed a connectivity check
        // (specs/dtls-srtp-with-bouncycastle.md §2, RFC 8445 §7.3).
        if (Ice is not null && !(HasRtpPeer && RtpPeer.Equals(source)) && !IsVerified(source))
        {
            context.Counters.Drop(DropReason.UnverifiedSource);
            Counters.Error();
            return;
        }

        if (Dtls is null)
        {
            StartDtls(source);
        }

        Counters.Touched(context.Now);
        if (!Dtls!.Session.DeliverDatagram(datagram))
        {
            Counters.Error();
        }
    }

    /// <summary>The handshake ended (posted from its thread). Worker thread only.</summary>
    public void OnDtlsHandshake(DtlsBinding binding, DtlsHandshakeResult result)
    {
        if (_disposed || !ReferenceEquals(binding, Dtls))
        {
            return;
        }

        if (!result.Succeeded || !SrtpProfiles.TryGetByDtlsProtectionProfile((ushort)result.Keys.Profile, out var profile))
        {
            return;
        }

        // The DTLS client sends with the client half of the exported keys; DtlsSrtpKeys has
        // already sorted them into ours (local) and the peer's (remote), RFC 5764 §4.2.
        var keys = result.Keys;
        SrtpIn?.Dispose();
        SrtpOut?.Dispose();
        SrtpIn = new SrtpContext(profile.Profile, keys.RemoteMasterKey.Span, keys.RemoteMasterSalt.Span);
        SrtpOut = new SrtpContext(profile.Profile, keys.LocalMasterKey.Span, keys.LocalMasterSalt.Span);
    }

    private void ApplyDtls(DtlsPathConfig? config)
    {
        if (config is null)
        {
            if (DtlsConfig is not null)
            {
                StopDtls();
                DtlsConfig = null;
            }

            return;
        }

        if (config.SameAs(DtlsConfig))
        {
            return;
        }

        // A new fingerprint or role is a new association (RFC 5763 §6.7.1).
        StopDtls();
        DtlsConfig = config;

        // Without ICE nothing else will start a client: it greets the address SDP gave.
        if (Ice is null && config.Role == DtlsRole.Client && HasRtpPeer)
        {
            StartDtls(RtpPeer);
        }
    }

    private void StartDtls(SocketAddress peer)
    {
        Dtls?.Dispose();
        Dtls = new DtlsBinding(this, DtlsConfig!, peer, RtpEndpoint!);
        Dtls.Start();
    }

    private void StopDtls()
    {
        Dtls?.Dispose();
        Dtls = null;
        SrtpIn?.Dispose();
        SrtpOut?.Dispose();
        SrtpIn = null;
        SrtpOut = null;
    }
}
