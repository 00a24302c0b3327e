using System.Globalization;
using Bridgehead.Sdp;
using Bridgehead.Sip;

namespace Bridgehead.AppNode.Diagnostics;

/// <summary>
/// Names the cause of a failed step from what was seen in it: observations in, one
/// <see cref="Diagnosis"/> out. The order of the checks is the order an engineer reads a trace in:
/// where signalling went (stored Contact, the offer's profile), whether the call was answered,
/// whether the connection stayed up, then ICE/DTLS, then RTP per direction.
/// </summary>
public static class DoctorDiagnostics
{
    /// <summary>A registration step.</summary>
    public static Diagnosis Registration(RegistrationObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (observation.FinalStatus is null)
        {
            return new(DoctorCause.NoResponse, $"{observation.Name}: REGISTER got no final response (is the edge listening on that address and transport?)");
        }

        if (observation.FinalStatus is < 200 or >= 300)
        {
            var rejected = observation.FinalStatus is 401 or 403 or 407 && observation.Authenticated;
            return new(
                rejected ? DoctorCause.RegistrationRejected : DoctorCause.CallRejected,
                rejected
                    ? $"{observation.Name}: REGISTER with credentials was refused with {observation.FinalStatus} {observation.ReasonPhrase} (wrong user or password? add it with `bridgehead user add`)"
                    : $"{observation.Name}: REGISTER was answered {observation.FinalStatus} {observation.ReasonPhrase}");
        }

        if (StoredContacts(observation.StoredContacts) is { IsHealthy: false } stored)
        {
            return stored;
        }

        return observation.Connection is { } connection ? Connection(connection) : Diagnosis.Healthy;
    }

    /// <summary>
    /// The switch's stored Contacts: ;transport=ws (or wss) without a Path means the switch will
    /// send WebSocket frames to the edge's UDP port (the seed's "originate fails and siptrace shows
    /// nothing sent"). With a Path the switch routes by the Path and the parameter is harmless.
    /// </summary>
    public static Diagnosis StoredContacts(IReadOnlyList<StoredContact> contacts)
    {
        ArgumentNullException.ThrowIfNull(contacts);
        foreach (var stored in contacts)
        {
            if (stored.Path.Count > 0 || !SipUri.TryParse(Unbracket(stored.Contact), out var uri))
            {
                continue;
            }

            if (uri.Transport is SipTransportKind.Ws or SipTransportKind.Wss)
            {
                return new(
                    DoctorCause.WebSocketTransportInStoredContact,
                    $"the switch stored {stored.Contact} for {stored.User} with no Path: it would speak WebSocket to the edge's UDP port and calls to {stored.User} never leave it (the edge must forward REGISTER with Path, or rewrite the Contact to itself without ;transport=ws)");
            }
        }

        return Diagnosis.Healthy;
    }

    /// <summary>A WebSocket that closed while its registration was still valid logs the browser out (the seed's 120 s proxy vs 180 s expires).</summary>
    public static Diagnosis Connection(ConnectionObservation connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.ClosedAfter is { } closed && closed < connection.Registered)
        {
            return new(
                DoctorCause.WebSocketLifetimeShorterThanRegistration,
                $"the WebSocket closed {Seconds(closed)} after REGISTER while the registration runs {Seconds(connection.Registered)}{(connection.CloseDetail is { } d ? $" ({d})" : string.Empty)}: the browser is logged out until it re-registers; the connection must live as long as the registration (idle timeouts of the edge or a proxy/balancer in front)");
        }

        return Diagnosis.Healthy;
    }

    /// <summary>A call step.</summary>
    public static Diagnosis Call(CallObservation call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!call.Answered && StoredContacts(call.StoredContacts) is { IsHealthy: false } stored)
        {
            return stored;
        }

        foreach (var leg in (ReadOnlySpan<LegObservation>)[call.Callee, call.Caller])
        {
            if (leg.Kind == PeerKind.Browser && Parse(leg.ReceivedSdp) is { } sdp && !SdpChecks.IsBrowserReady(sdp, out var protocol))
            {
                return new(
                    DoctorCause.AvpOfferedToBrowser,
                    $"{leg.Name} received SDP with {(protocol.Length == 0 ? "no audio stream" : protocol)} and no ICE/DTLS{(leg.Failure is { } f ? $" and failed the call ({f})" : string.Empty)}: a browser needs UDP/TLS/RTP/SAVPF; the media relay must convert the switch's RTP/AVP for browser legs");
            }
        }

        foreach (var leg in (ReadOnlySpan<LegObservation>)[call.Callee, call.Caller])
        {
            if (leg.Kind == PeerKind.Softphone && Parse(leg.ReceivedSdp) is { } sdp && OnlySecure(sdp, out var protocol))
            {
                return new(
                    DoctorCause.WebRtcOfferedToSoftphone,
                    $"{leg.Name} received SDP with only {protocol}{(leg.Failure is { } f ? $" and refused the call ({f})" : string.Empty)}: a softphone speaks RTP/AVP; the media relay must convert a browser's DTLS-SRTP for softphone legs");
            }
        }

        foreach (var connection in call.Connections)
        {
            if (Connection(connection) is { IsHealthy: false } closed)
            {
                return closed;
            }
        }

        if (!call.Answered)
        {
            return call.FinalStatus is { } status
                ? new(DoctorCause.CallRejected, $"{call.Caller.Name} -> {call.Callee.Name}: {status} {call.ReasonPhrase}{Failure(call)}")
                : new(DoctorCause.NoResponse, $"{call.Caller.Name} -> {call.Callee.Name}: no final response to INVITE{Failure(call)}");
        }

        foreach (var leg in (ReadOnlySpan<LegObservation>)[call.Caller, call.Callee])
        {
            if (leg.Kind != PeerKind.Browser)
            {
                continue;
            }

            if (leg.IceState is "failed" or "disconnected" or "new" or "checking")
            {
                return new(DoctorCause.IceFailed, $"{leg.Name}: ICE ended {leg.IceState}: no candidate pair with the relay worked (candidates in the SDP unreachable from the browser, or UDP blocked)");
            }

            if (leg.DtlsState is "failed" or "closed" or "new" or "connecting")
            {
                return new(DoctorCause.DtlsFailed, $"{leg.Name}: ICE connected but DTLS ended {leg.DtlsState}: no SRTP keys (fingerprint mismatch or setup roles)");
            }
        }

        var (near, far) = (call.Callee, call.Caller);
        foreach (var (leg, other) in (ReadOnlySpan<(LegObservation, LegObservation)>)[(near, far), (far, near)])
        {
            if (!leg.Measured || !leg.ExpectsAudio)
            {
                continue;
            }

            if (leg.PacketsReceived == 0)
            {
                if (leg.EdgeAddress is { } view && Parse(leg.ReceivedSdp) is { } sdp && SdpChecks.UnreachableAddresses(sdp, view) is { Count: > 0 } lines)
                {
                    return new(
                        DoctorCause.PrivateAddressInSdp,
                        $"{leg.Name} reaches the edge at {view} but was told to send media to {string.Join(", ", lines)}: no RTP arrived; every address leaving the edge must be reachable from where it goes (relay, or fix the SDP as the seed's fix_nated_sdp)");
                }

                var sent = other.Measured ? $" ({other.Name} sent {other.PacketsSent})" : string.Empty;
                return new(DoctorCause.NoRtp, $"no RTP from {other.Name} reached {leg.Name}{sent}; {leg.Name} sent {leg.PacketsSent}");
            }

            if (leg.VoicedPacketsReceived == 0)
            {
                return new(DoctorCause.SilentAudio, $"{leg.Name} received {leg.PacketsReceived} RTP packets, all silence");
            }

            if (leg.ExpectsEcho && leg.EchoedPackets == 0)
            {
                return new(DoctorCause.EchoMissing, $"{leg.Name} received {leg.PacketsReceived} RTP packets but none carried its own audio back");
            }
        }

        return Diagnosis.Healthy;
    }

    /// <summary>Things that did not stop the step but will bite elsewhere (a private address a latching relay happened to cover).</summary>
    public static IReadOnlyList<string> Warnings(CallObservation call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var warnings = new List<string>();
        foreach (var leg in (ReadOnlySpan<LegObservation>)[call.Caller, call.Callee])
        {
            if (leg.EdgeAddress is { } view && Parse(leg.ReceivedSdp) is { } sdp && SdpChecks.UnreachableAddresses(sdp, view) is { Count: > 0 } lines)
            {
                warnings.Add($"{leg.Name} reaches the edge at {view} but received {string.Join(", ", lines)}");
            }
        }

        return warnings;
    }

    private static string Failure(CallObservation call)
    {
        var failure = call.Callee.Failure ?? call.Caller.Failure;
        return failure is null ? string.Empty : $" ({failure})";
    }

    private static bool OnlySecure(SdpSession sdp, out string protocol)
    {
        protocol = string.Empty;
        foreach (var m in sdp.Media)
        {
            if (m.MediaType.Equals("audio", StringComparison.OrdinalIgnoreCase) && !m.IsRejected)
            {
                protocol = m.Protocol;
                return SdpProtocol.IsSecure(m.Protocol);
            }
        }

        return false;
    }

    private static SdpSession? Parse(string? text) =>
        text is not null && SdpParser.TryParse(text, out var session, out _) ? session : null;

    private static string Unbracket(string contact)
    {
        var start = contact.IndexOf('<', StringComparison.Ordinal);
        var end = contact.IndexOf('>', StringComparison.Ordinal);
        return start >= 0 && end > start ? contact[(start + 1)..end] : contact;
    }

    private static string Seconds(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#} s");
}
