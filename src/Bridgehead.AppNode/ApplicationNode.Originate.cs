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
    /// <summary>
    /// Calls a user and runs an application once answered. A user registered at the node (the
    /// edge forwarded the REGISTER) is called at the stored Contact with a Route set from the
    /// stored Path, so the INVITE goes through the edge, which takes it to the user's own
    /// connection. A user not registered here is asked of the edge: sip:user@edge-domain, sent
    /// to the edge as outbound proxy; the edge looks the user up.
    /// </summary>
    public Task<OriginateResult> OriginateAsync(OriginateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!OriginateRequest.TryParseTarget(request.Target, out var user, out var domain, out var targetError))
        {
            return Task.FromResult(new OriginateResult(OriginateOutcome.Invalid, 400, targetError!));
        }

        ICallApplication application;
        switch (request.Application)
        {
            case CallApplicationKind.Playback:
                var samples = _recording.Value;
                if (request.File is not null)
                {
                    var loaded = Recording.TryLoad(request.File, out var file);
                    if (loaded != RecordingError.None)
                    {
                        return Task.FromResult(new OriginateResult(OriginateOutcome.Invalid, 400, $"cannot play '{request.File}': {loaded}"));
                    }

                    samples = file!;
                }

                application = new PlaybackApplication(samples);
                break;
            case CallApplicationKind.Tone:
                application = new ToneApplication();
                break;
            default:
                application = new EchoApplication();
                break;
        }

        if (!ResolveTarget(request.Target, user, domain, out var requestUri, out var toUri, out var routes, out var failure))
        {
            return Task.FromResult(failure!);
        }

        if (NextHop.For(requestUri, routes) is not { } destination)
        {
            return Task.FromResult(new OriginateResult(OriginateOutcome.NotFound, 404, $"the next hop of {requestUri} does not resolve"));
        }

        if (_byCallId.Count >= Options.MaxCalls)
        {
            return Task.FromResult(new OriginateResult(OriginateOutcome.Failed, 503, "too many calls"));
        }

        var socket = _rtp.Open(MediaAddress);
        if (socket is null)
        {
            return Task.FromResult(new OriginateResult(OriginateOutcome.Failed, 503, "no RTP port free"));
        }

        var callId = _ids.CallId(Local.Host);
        var fromTag = _ids.Tag();
        var from = $"\"Bridgehead\" <sip:appnode@{Options.FromDomain}>;tag={fromTag}";
        var to = $"<{toUri}>";
        var sessionId = _ids.SessionId();
        var offer = SdpWriter.ToBytes(AppNodeSdp.Offer(MediaAddress, socket.LocalEndPoint.Port, sessionId));
        var branch = _ids.Branch();
        var invite = RequestWriter.Write(SipMethod.Invite, requestUri, Local, branch, routes, from, to, callId, 1, Local.ContactFor("appnode"), Options.UserAgent, "application/sdp", offer);

        var call = new AppNodeCall(this, callId, outbound: true, application, stream: null, Time.GetUtcNow())
        {
            PendingSocket = socket,
            SdpSessionId = sessionId,
            Originated = new TaskCompletionSource<OriginateResult>(TaskCreationOptions.RunContinuationsAsynchronously),
        };
        var parsed = SipMessage.Parse(invite).Message!;
        parsed.Validate();
        call.Invite = parsed;
        _byCallId[callId] = call;
        _metrics.CallStarted();
        Log.Originating(_logger, callId, request.Target, requestUri, destination.EndPoint, application.Name);

        var owner = new OriginateOwner(this, call, from, fromTag);
        var ring = request.Timeout ?? Options.OriginateTimeout;
        call.RingTimer = Time.CreateTimer(static s => ((OriginateOwner)s!).OnRingTimeout(), owner, ring, Timeout.InfiniteTimeSpan);
        call.InviteClient = Transactions.StartClient(invite, SipMethod.Invite, "INVITE"u8.ToArray(), Encoding.ASCII.GetBytes(branch), destination, owner);

        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(static s => ((OriginateOwner)s!).OnRingTimeout(), owner);
        }

        return call.Originated.Task;
    }

    /// <summary>Request-URI, To and Route set for a target (see <see cref="OriginateAsync"/>).</summary>
    private bool ResolveTarget(string target, string? user, string? domain, out string requestUri, out string toUri, out IReadOnlyList<string> routes, out OriginateResult? failure)
    {
        routes = [];
        failure = null;
        if (user is null)
        {
            // A SIP URI: straight there (or through the edge when it names the edge).
            requestUri = toUri = target;
            return true;
        }

        var registrations = Registrar.Table.Lookup(user, Time.GetUtcNow());
        if (registrations.Count > 0)
        {
            // The most recent binding. Path goes on as Route (RFC 3327 §5.3): through the edge.
            var binding = registrations[0];
            requestUri = binding.ContactUri;
            toUri = $"sip:{user}@{domain ?? Local.Host}";
            routes = binding.Path;
            return true;
        }

        if (string.IsNullOrWhiteSpace(Options.Edge) || !SipUri.TryParse(Options.Edge, out var edge) || !edge.IsSip)
        {
            requestUri = toUri = string.Empty;
            failure = new OriginateResult(OriginateOutcome.NotFound, 404, $"{user} is not registered at the node and no edge is configured");
            return false;
        }

        // sip:user@<edge domain>, with the edge as outbound proxy: a pre-loaded Route unless the
        // Request-URI already names the edge's address (RFC 3261 §8.1.2).
        var edgeDomain = domain ?? (string.IsNullOrWhiteSpace(Options.EdgeDomain) ? null : Options.EdgeDomain);
        if (edgeDomain is null)
        {
            requestUri = edge.Port != 0 ? $"sip:{user}@{Encoding.UTF8.GetString(edge.Host.Span)}:{edge.Port}" : $"sip:{user}@{Encoding.UTF8.GetString(edge.Host.Span)}";
        }
        else
        {
            requestUri = $"sip:{user}@{edgeDomain}";
            routes = [$"<{Options.Edge};lr>"];
        }

        toUri = $"sip:{user}@{edgeDomain ?? Encoding.UTF8.GetString(edge.Host.Span)}";
        return true;
    }

    /// <summary>The 2xx of an originated INVITE: the dialog, the media, the ACK (RFC 3261 §13.2.2.4).</summary>
    private void OnOriginateAnswered(AppNodeCall call, SipMessage response, string localAddress, string fromTag)
    {
        if (!call.TryMove(CallState.Calling, CallState.Confirmed))
        {
            // A 2xx from another fork or a retransmission: ACK it again (the same ACK for the same dialog).
            if (!call.FinalMessage.IsEmpty)
            {
                ResendAck(call);
            }

            return;
        }

        call.RingTimer?.Dispose();

        // UAC route set: Record-Route of the 2xx in reverse order (RFC 3261 §12.1.2).
        var routes = new List<string>();
        foreach (var value in response.Values(HeaderId.RecordRoute))
        {
            routes.Insert(0, Encoding.UTF8.GetString(value.Span));
        }

        var invite = call.Invite!;
        var target = ContactUri(response) ?? invite.Uri.ToString();
        var toValue = SipText.ToText(response.FirstValue(HeaderId.To));
        var dialog = new Dialog(call.CallId, fromTag, SipText.ToText(response.To.Tag.Span), localAddress, toValue, target, routes, localSequence: invite.CSeq.Number, remoteSequence: 0, isCaller: true);
        call.Dialog = dialog;
        _dialogs[dialog.Key] = call;

        // The ACK of a 2xx is a new transaction of its own, with the INVITE's CSeq number (§13.2.2.4).
        var (requestUri, ackRoutes) = RequestWriter.Target(dialog.RemoteTarget, dialog.RouteSet);
        var ack = RequestWriter.Write(SipMethod.Ack, requestUri, Local, _ids.Branch(), ackRoutes, dialog.LocalAddress, dialog.RemoteAddress, dialog.CallId, invite.CSeq.Number, null, Options.UserAgent);
        call.FinalMessage = ack;
        call.AckDestination = NextHop.For(requestUri, ackRoutes);
        ResendAck(call);

        var socket = call.PendingSocket!;
        call.PendingSocket = null;
        var error = AppNodeSdp.ReadAnswer(response.Body, out var media);
        if (error != MediaNegotiationError.None)
        {
            socket.Dispose();
            Log.NotAcceptable(_logger, call.CallId, error, response.TopVia.HostText);
            call.Originated?.TrySetResult(new OriginateResult(OriginateOutcome.Failed, 488, $"the answer is not usable: {error}", call.CallId));
            Hangup(call, "unusable SDP answer");
            return;
        }

        var stream = new RtpSession(socket, media!, _ids.NextUInt32(), (ushort)_ids.NextUInt32(), _ids.NextUInt32());
        call.Stream = stream;
        StartMedia(call, stream);
        ArmDuration(call);
        Log.OriginateAnswered(_logger, call.CallId, media!.Codec.ToString(), media.Remote?.ToString() ?? "hold");
        call.Originated?.TrySetResult(new OriginateResult(OriginateOutcome.Answered, response.StatusCode, "answered", call.CallId));
    }

    private void ResendAck(AppNodeCall call)
    {
        if (call.AckDestination is { } destination)
        {
            Send(destination, call.FinalMessage.ToArray());
        }
    }

    /// <summary>Cancels a ringing originated call (RFC 3261 §9.1); the INVITE then ends with 487.</summary>
    private void Cancel(AppNodeCall call)
    {
        if (call.State != CallState.Calling || call.InviteClient is not { } invite || !call.TryMarkCancelled())
        {
            return;
        }

        if (invite.LastStatus == 0)
        {
            // RFC 3261 §9.1: no CANCEL before a provisional response; give up on the INVITE instead.
            invite.Abandon();
            call.Originated?.TrySetResult(new OriginateResult(OriginateOutcome.Timeout, 408, "no answer", call.CallId));
            End(call, "no answer");
            return;
        }

        var request = call.Invite!;
        var cancel = SipRequests.CancelFor(request);
        Transactions.StartClient(cancel, SipMethod.Cancel, "CANCEL"u8.ToArray(), request.TopVia.Branch.ToArray(), invite.Destination, ByeOwner.Instance);
    }

    /// <summary>The originated INVITE's transaction user: provisional and final responses, timeouts.</summary>
    private sealed class OriginateOwner(ApplicationNode node, AppNodeCall call, string localAddress, string fromTag) : IClientTransactionOwner
    {
        private int _timedOut;

        public void OnResponse(ClientTransaction transaction, SipMessage response)
        {
            if (response.StatusCode < 200)
            {
                return;
            }

            if (response.StatusCode < 300)
            {
                node.OnOriginateAnswered(call, response, localAddress, fromTag);
                return;
            }

            var timedOut = Volatile.Read(ref _timedOut) == 1 && response.StatusCode == 487;
            Log.OriginateRejected(node._logger, call.CallId, response.StatusCode, SipText.ToText(response.ReasonPhrase));
            call.Originated?.TrySetResult(new OriginateResult(
                timedOut ? OriginateOutcome.Timeout : OriginateOutcome.Rejected,
                timedOut ? 408 : response.StatusCode,
                timedOut ? "no answer" : SipText.ToText(response.ReasonPhrase),
                call.CallId));
            node.End(call, $"{response.StatusCode}");
        }

        public void OnFailure(ClientTransaction transaction, TransactionFailure failure)
        {
            if (call.State != CallState.Calling)
            {
                return;
            }

            var timeout = failure == TransactionFailure.Timeout;
            call.Originated?.TrySetResult(new OriginateResult(timeout ? OriginateOutcome.Timeout : OriginateOutcome.Failed, timeout ? 408 : 503, timeout ? "the next hop did not respond" : "transport error", call.CallId));
            node.End(call, timeout ? "timeout" : "transport error");
        }

        public void OnRingTimeout()
        {
            if (Interlocked.Exchange(ref _timedOut, 1) == 0)
            {
                node.Cancel(call);
            }
        }
    }
}
