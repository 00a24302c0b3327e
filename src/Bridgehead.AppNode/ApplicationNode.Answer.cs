using System.Text;
using Bridgehead.AppNode.Applications;
using Bridgehead.AppNode.Calls;
using Bridgehead.AppNode.Media;
using Bridgehead.AppNode.Sip;
using Bridgehead.Sdp;
using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;

namespace Bridgehead.AppNode;

public sealed partial class ApplicationNode
{
    /// <summary>A new INVITE: the extension picks the application; the answer is 200 with SDP, or 404/488/486.</summary>
    private void OnInvite(ServerTransaction server)
    {
        var request = server.Request;
        var extension = request.Uri.HasUser ? request.Uri.UserText : string.Empty;
        ICallApplication? application =
            extension == Options.EchoExtension ? new EchoApplication()
            : extension == Options.PlaybackExtension ? new PlaybackApplication(_recording.Value)
            : extension == Options.ToneExtension ? new ToneApplication()
            : null;
        var toTag = _ids.Tag();
        if (application is null)
        {
            Log.Refused(_logger, extension, 404, server.Source.EndPoint);
            _metrics.CallRefused("not-found", outbound: false);
            Respond(server, 404, "Not Found", toTag: toTag);
            return;
        }

        if (_byCallId.Count >= Options.MaxCalls)
        {
            _metrics.CallRefused("busy", outbound: false);
            Respond(server, 486, "Busy Here", toTag: toTag);
            return;
        }

        var socket = _rtp.Open(MediaAddress);
        if (socket is null)
        {
            _metrics.CallRefused("no-media-port", outbound: false);
            Respond(server, 503, "Service Unavailable (No Media Port)", toTag: toTag);
            return;
        }

        // Offer in the INVITE (the usual case), or none: then the 200 offers and the ACK answers (RFC 3264 §5, RFC 3261 §13.2.1).
        var sessionId = _ids.SessionId();
        byte[] sdp;
        NegotiatedMedia? media = null;
        if (request.BodyLength > 0)
        {
            var error = AppNodeSdp.Answer(request.Body, MediaAddress, socket.LocalEndPoint.Port, sessionId, out var answer, out media);
            if (error != MediaNegotiationError.None)
            {
                socket.Dispose();
                Log.NotAcceptable(_logger, extension, error, server.Source.EndPoint);
                _metrics.CallRefused("not-acceptable", outbound: false);
                Respond(server, 488, $"Not Acceptable Here ({error})", toTag: toTag);
                return;
            }

            sdp = SdpWriter.ToBytes(answer!);
        }
        else
        {
            sdp = SdpWriter.ToBytes(AppNodeSdp.Offer(MediaAddress, socket.LocalEndPoint.Port, sessionId));
        }

        var callId = SipText.ToText(request.CallId.Span);
        var stream = media is null ? null : new RtpSession(socket, media, _ids.NextUInt32(), (ushort)_ids.NextUInt32(), _ids.NextUInt32());
        var call = new AppNodeCall(this, callId, outbound: false, application, stream, Time.GetUtcNow()) { InviteServer = server };
        call.PendingSocket = stream is null ? socket : null;
        call.SdpSessionId = sessionId;

        // The dialog as the UAS sees it (RFC 3261 §12.1.1): route set = Record-Route in order,
        // remote target = Contact, remote CSeq = the INVITE's.
        var routes = new List<string>();
        foreach (var value in request.Values(HeaderId.RecordRoute))
        {
            routes.Add(Encoding.UTF8.GetString(value.Span));
        }

        var contact = ContactUri(request) ?? request.From.Uri.ToString();
        var to = request.Buffer.Span.Slice(request.Headers[request.IndexOf(HeaderId.To)].ValueStart, request.Headers[request.IndexOf(HeaderId.To)].ValueLength);
        call.Dialog = new Dialog(
            callId,
            toTag,
            SipText.ToText(request.From.Tag.Span),
            $"{Encoding.UTF8.GetString(to)};tag={toTag}",
            SipText.ToText(request.FirstValue(HeaderId.From)),
            contact,
            routes,
            localSequence: 0,
            remoteSequence: request.CSeq.Number,
            isCaller: false);

        if (!_byCallId.TryAdd(callId, call))
        {
            socket.Dispose();
            Respond(server, 482, "Loop Detected", toTag: toTag);
            return;
        }

        _dialogs[call.Dialog.Key] = call;
        _metrics.CallStarted();

        using var writer = SipResponses.Start(request, 200, "OK"u8, server.Source.EndPoint, Encoding.ASCII.GetBytes(toTag));
        foreach (ref readonly var h in request.Headers)
        {
            if (h.Id == HeaderId.RecordRoute)
            {
                // RFC 3261 §12.1.1: the 2xx carries the request's Record-Route values unchanged, in order.
                writer.WriteHeader(HeaderId.RecordRoute, request.Value(h));
            }
        }

        writer.WriteHeader(HeaderId.Contact, Local.ContactFor(extension));
        writer.WriteHeader(HeaderId.Allow, RequestWriter.Allow);
        writer.WriteHeader(HeaderId.Supported, "path");
        writer.WriteHeader(HeaderId.Server, Options.UserAgent);
        writer.WriteHeader(HeaderId.ContentType, "application/sdp");
        writer.WriteBody(sdp);
        var ok = writer.ToArray();
        call.FinalMessage = ok;
        Log.Answered(_logger, callId, extension, application.Name, media?.Codec.ToString() ?? "late offer", server.Source.EndPoint);

        if (stream is not null)
        {
            StartMedia(call, stream);
        }

        ArmDuration(call);
        server.SendResponse(200, ok);
        ArmRetransmission(call);
    }

    /// <summary>
    /// The 200 is re-sent, T1 doubling to T2, until the ACK comes (RFC 3261 §13.3.1.4); over
    /// streams once is enough. Without an ACK after 64·T1 the call is ended with a BYE.
    /// </summary>
    private void ArmRetransmission(AppNodeCall call)
    {
        var timers = Transactions.Timers;
        call.RetransmitUntil = Time.GetUtcNow() + timers.Timeout64T1;
        call.RetransmitInterval = timers.T1;
        var reliable = call.InviteServer!.Source.IsReliable;
        call.RetransmitTimer = Time.CreateTimer(
            static s =>
            {
                var (node, c) = ((ApplicationNode, AppNodeCall))s!;
                node.OnRetransmitTimer(c);
            },
            (this, call),
            reliable ? timers.Timeout64T1 : timers.T1,
            Timeout.InfiniteTimeSpan);
    }

    private void OnRetransmitTimer(AppNodeCall call)
    {
        if (call.State != CallState.Answered)
        {
            return;
        }

        if (Time.GetUtcNow() >= call.RetransmitUntil)
        {
            Log.NoAck(_logger, call.CallId);
            Hangup(call, "no ACK");
            return;
        }

        call.InviteServer?.SendResponse(200, call.FinalMessage);
        var next = call.RetransmitInterval * 2;
        call.RetransmitInterval = next < Transactions.Timers.T2 ? next : Transactions.Timers.T2;

        // The last wait ends at 64·T1 exactly, not at the next retransmission after it.
        var left = call.RetransmitUntil - Time.GetUtcNow();
        call.RetransmitTimer?.Change(left < call.RetransmitInterval ? left : call.RetransmitInterval, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The ACK of a 2xx (it matches no transaction): the dialog is confirmed; a late offer gets its answer here.</summary>
    private void OnAck(SipMessage ack)
    {
        if (FindDialog(ack) is not { } call || call.IsOutbound)
        {
            return;
        }

        if (!call.TryMove(CallState.Answered, CallState.Confirmed))
        {
            return;
        }

        call.RetransmitTimer?.Dispose();
        call.RetransmitTimer = null;
        call.InviteServer = null;
        if (call.Stream is null && call.PendingSocket is { } socket)
        {
            call.PendingSocket = null;
            if (AppNodeSdp.ReadAnswer(ack.Body, out var media) == MediaNegotiationError.None)
            {
                var stream = new RtpSession(socket, media!, _ids.NextUInt32(), (ushort)_ids.NextUInt32(), _ids.NextUInt32());
                call.Stream = stream;
                StartMedia(call, stream);
            }
            else
            {
                socket.Dispose();
                Hangup(call, "no usable answer in the ACK");
            }
        }
    }

    /// <summary>
    /// A re-INVITE (hold, resume, a new address after a relay restart): the same stream is kept
    /// and pointed at what the new offer says; the answer is the node's SDP with its version bumped.
    /// </summary>
    private void OnReInvite(ServerTransaction server)
    {
        var request = server.Request;
        if (FindDialog(request) is not { Stream: { } stream, Dialog: { } dialog } call || call.State == CallState.Ended)
        {
            Respond(server, 481, "Call/Transaction Does Not Exist");
            return;
        }

        if (request.CSeq.Number <= dialog.RemoteSequence)
        {
            Respond(server, 500, "Out Of Order");
            return;
        }

        dialog.RemoteSequence = request.CSeq.Number;
        if (ContactUri(request) is { } target)
        {
            dialog.RemoteTarget = target;
        }

        byte[] sdp;
        var version = call.NextSdpVersion();
        if (request.BodyLength > 0)
        {
            var error = AppNodeSdp.Answer(request.Body, MediaAddress, stream.LocalEndPoint.Port, call.SdpSessionId ?? "1", out var answer, out var media);
            if (error != MediaNegotiationError.None)
            {
                Respond(server, 488, $"Not Acceptable Here ({error})");
                return;
            }

            answer!.Origin = answer.Origin with { SessionVersion = version.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            stream.Update(media!);
            sdp = SdpWriter.ToBytes(answer);
        }
        else
        {
            sdp = SdpWriter.ToBytes(AppNodeSdp.Offer(MediaAddress, stream.LocalEndPoint.Port, call.SdpSessionId ?? "1", version));
        }

        using var writer = SipResponses.Start(request, 200, "OK"u8, server.Source.EndPoint);
        writer.WriteHeader(HeaderId.Contact, Local.ContactFor(request.Uri.HasUser ? request.Uri.UserText : "appnode"));
        writer.WriteHeader(HeaderId.Server, Options.UserAgent);
        writer.WriteHeader(HeaderId.ContentType, "application/sdp");
        writer.WriteBody(sdp);
        server.SendResponse(200, writer.ToArray());
    }

    /// <summary>
    /// CANCEL (RFC 3261 §9.2): 200 for the CANCEL itself; the INVITE gets 487 only if it had no
    /// final response yet. The node answers at once, so a CANCEL usually comes too late to matter.
    /// </summary>
    private void OnCancel(ServerTransaction server, ServerTransaction? invite)
    {
        if (invite is null)
        {
            Respond(server, 481, "Call/Transaction Does Not Exist");
            return;
        }

        Respond(server, 200, "OK");
        if (!invite.HasFinalResponse)
        {
            invite.SendResponse(487, SipResponses.Simple(invite.Request, 487, "Request Terminated", invite.Source.EndPoint, Encoding.ASCII.GetBytes(_ids.Tag())));
        }
    }

    private void StartMedia(AppNodeCall call, RtpSession stream)
    {
        stream.Start(call);
        _clock.Add(call);
    }

    private void ArmDuration(AppNodeCall call) =>
        call.DurationTimer = Time.CreateTimer(
            static s =>
            {
                var (node, c) = ((ApplicationNode, AppNodeCall))s!;
                node.Hangup(c, "maximum call duration");
            },
            (this, call),
            Options.MaxCallDuration,
            Timeout.InfiniteTimeSpan);

    /// <summary>The URI of the first Contact, or null.</summary>
    private static string? ContactUri(SipMessage message)
    {
        foreach (var value in message.Values(HeaderId.Contact))
        {
            return NameAddress.TryParse(value.Memory, out var contact) && contact.Uri.IsSip ? contact.Uri.ToString() : null;
        }

        return null;
    }
}
