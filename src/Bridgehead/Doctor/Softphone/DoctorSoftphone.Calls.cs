using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Bridgehead.AppNode.Media;
using Bridgehead.AppNode.Sip;
using Bridgehead.Sip;

namespace Bridgehead.Doctor.Softphone;

internal sealed partial class DoctorSoftphone
{
    private readonly ConcurrentDictionary<string, SoftphoneCall> _calls = new(StringComparer.Ordinal);
    private readonly Channel<SoftphoneCall> _incoming = Channel.CreateUnbounded<SoftphoneCall>();

    /// <summary>Calls <paramref name="target"/> (a user at the edge's domain), answering one digest challenge; returns once a final response came.</summary>
    public async Task<SoftphoneCall> CallAsync(string target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var media = new SoftphoneMedia(LocalAddress, _random);
        var callId = _ids.CallId(Local.Host);
        var call = new SoftphoneCall(callId, incoming: false, media);
        _calls[callId] = call;
        var requestUri = $"sip:{target}@{Domain}";
        var offer = AppNodeSdp.Offer(LocalAddress, media.LocalEndPoint.Port, _ids.SessionId()).ToString();
        var request = new SoftphoneRequest(SipMethod.Invite, requestUri, $"{AddressOfRecord};tag={_ids.Tag()}", $"<{requestUri}>", callId, 1)
        {
            Contact = Local.ContactFor(User),
            Sdp = offer,
        };
        var (response, branch) = await TransactAsync(request, timeout, cancellationToken).ConfigureAwait(false);
        if (response is { StatusCode: 401 or 407 } && DigestAnswer.For(response, SipMethod.Invite, requestUri, User, _password, _ids.Tag()) is { } credentials)
        {
            AcknowledgeFailure(request, response, branch);
            request = request with { Sequence = 2, Credentials = credentials };
            (response, branch) = await TransactAsync(request, timeout, cancellationToken).ConfigureAwait(false);
        }

        call.FinalStatus = response?.StatusCode;
        call.ReasonPhrase = response is null ? null : Text(response.ReasonPhrase);
        if (response is null)
        {
            return call;
        }

        if (response.StatusCode >= 300)
        {
            AcknowledgeFailure(request, response, branch);
            return call;
        }

        var routeSet = new List<string>();
        foreach (var value in response.Values(HeaderId.RecordRoute))
        {
            routeSet.Insert(0, Text(value.Span)); // the UAC reverses Record-Route (RFC 3261 §12.1.2)
        }

        var remoteTarget = NameAddress.TryParse(response.FirstValueMemory(HeaderId.Contact), out var contact) ? contact.Uri.ToString() : requestUri;
        var dialog = new Dialog(callId, string.Empty, string.Empty, request.From, Text(response.FirstValue(HeaderId.To)), remoteTarget, routeSet, request.Sequence, 0, isCaller: true);
        call.Dialog = dialog;
        var (ackUri, ackRoutes) = RequestWriter.Target(dialog.RemoteTarget, dialog.RouteSet);
        call.Ack = new SoftphoneRequest(SipMethod.Ack, ackUri, dialog.LocalAddress, dialog.RemoteAddress, callId, request.Sequence) { Routes = ackRoutes }.Write(Local, _ids.Branch(), UserAgent);
        Send(call.Ack, _edge);
        call.ReceivedSdp = Text(response.Body);
        if (AppNodeSdp.ReadAnswer(response.Body, out var negotiated) == MediaNegotiationError.None)
        {
            media.Start(negotiated!);
        }
        else
        {
            call.Failure = "unusable SDP answer";
        }

        return call;
    }

    /// <summary>The next call this phone answered (or refused), or null when none came in time.</summary>
    public async Task<SoftphoneCall?> NextIncomingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await _incoming.Reader.ReadAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Sends BYE in the call's dialog (unless the other side already hung up) and stops its media.</summary>
    public async Task HangUpAsync(SoftphoneCall call, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.Dialog is { } dialog && !call.Ended.Task.IsCompleted)
        {
            var (uri, routes) = RequestWriter.Target(dialog.RemoteTarget, dialog.RouteSet);
            var bye = new SoftphoneRequest(SipMethod.Bye, uri, dialog.LocalAddress, dialog.RemoteAddress, call.CallId, dialog.NextSequence()) { Routes = routes };
            await TransactAsync(bye, timeout, cancellationToken).ConfigureAwait(false);
        }

        call.Media.Dispose();
        _calls.TryRemove(call.CallId, out _);
    }

    private void AcknowledgeFailure(SoftphoneRequest invite, SipMessage response, string branch)
    {
        // The ACK of a non-2xx final response belongs to the INVITE transaction: same branch, the response's To (RFC 3261 §17.1.1.3).
        var ack = new SoftphoneRequest(SipMethod.Ack, invite.RequestUri, invite.From, Text(response.FirstValue(HeaderId.To)), invite.CallId, invite.Sequence) { Routes = invite.Routes };
        Send(ack.Write(Local, branch, UserAgent), _edge);
    }

    private void ReAcknowledge(SipMessage response)
    {
        if (_calls.TryGetValue(Text(response.FirstValue(HeaderId.CallId)), out var call) && call.Ack is { } ack)
        {
            Send(ack, _edge);
        }
    }

    private void OnRequest(SipMessage request, IPEndPoint source)
    {
        var callId = Text(request.FirstValue(HeaderId.CallId));
        _calls.TryGetValue(callId, out var call);
        switch (request.Method)
        {
            case SipMethod.Invite when call is { FinalResponse: { } final }:
                Send(final, source); // a retransmitted INVITE, or a re-INVITE answered with the same session
                break;
            case SipMethod.Invite:
                Answer(request, source, callId);
                break;
            case SipMethod.Ack:
                call?.Acknowledged.TrySetResult();
                break;
            case SipMethod.Bye:
                Send(SipResponses.Simple(request, 200, "OK", source), source);
                call?.Ended.TrySetResult();
                break;
            default:
                // OPTIONS keepalives, CANCEL after the answer, INFO: all fine with this phone.
                Send(SipResponses.Simple(request, 200, "OK", source), source);
                break;
        }
    }

    private void Answer(SipMessage invite, IPEndPoint source, string callId)
    {
        var media = new SoftphoneMedia(LocalAddress, _random);
        var call = new SoftphoneCall(callId, incoming: true, media)
        {
            ReceivedSdp = Text(invite.Body),
            From = NameAddress.TryParse(invite.FirstValueMemory(HeaderId.From), out var from) ? from.Uri.UserText : null,
        };
        _calls[callId] = call;
        var tag = _ids.Tag();
        var error = AppNodeSdp.Answer(invite.Body, LocalAddress, media.LocalEndPoint.Port, _ids.SessionId(), out var answer, out var negotiated);
        if (error != MediaNegotiationError.None)
        {
            // What a desk phone says to an offer it cannot use (RFC 3264 §6).
            call.Failure = $"488 Not Acceptable Here ({error})";
            call.FinalStatus = 488;
            call.FinalResponse = SipResponses.Simple(invite, 488, "Not Acceptable Here", source, System.Text.Encoding.ASCII.GetBytes(tag));
            Send(call.FinalResponse, source);
            _incoming.Writer.TryWrite(call);
            return;
        }

        using var writer = SipResponses.Start(invite, 200, "OK", source, System.Text.Encoding.ASCII.GetBytes(tag));
        var routeSet = new List<string>();
        foreach (var value in invite.Values(HeaderId.RecordRoute))
        {
            routeSet.Add(Text(value.Span));
            writer.WriteHeader(HeaderId.RecordRoute, value.Span);
        }

        writer.WriteHeader(HeaderId.Contact, Local.ContactFor(User));
        writer.WriteHeader(HeaderId.UserAgent, UserAgent);
        writer.WriteHeader(HeaderId.ContentType, "application/sdp");
        writer.WriteBody(System.Text.Encoding.UTF8.GetBytes(answer!.ToString()));
        call.FinalResponse = writer.ToArray();
        call.FinalStatus = 200;
        var remoteTarget = NameAddress.TryParse(invite.FirstValueMemory(HeaderId.Contact), out var contact) ? contact.Uri.ToString() : string.Empty;
        var to = $"{Text(invite.FirstValue(HeaderId.To))};tag={tag}";
        _ = CSeqHeader.TryParse(invite.FirstValueMemory(HeaderId.CSeq), out var cseq);
        call.Dialog = new Dialog(callId, tag, string.Empty, to, Text(invite.FirstValue(HeaderId.From)), remoteTarget, routeSet, 0, cseq.Number, isCaller: false);
        media.Start(negotiated!);
        Send(call.FinalResponse, source);
        _ = RetransmitUntilAcknowledgedAsync(call, source);
        _incoming.Writer.TryWrite(call);
    }

    private async Task RetransmitUntilAcknowledgedAsync(SoftphoneCall call, IPEndPoint source)
    {
        var interval = T1;
        for (var elapsed = TimeSpan.Zero; elapsed < 64 * T1 && !call.Acknowledged.Task.IsCompleted && !_stop.IsCancellationRequested; elapsed += interval)
        {
            try
            {
                await call.Acknowledged.Task.WaitAsync(interval, _stop.Token).ConfigureAwait(false);
                return;
            }
            catch (TimeoutException)
            {
                Send(call.FinalResponse!, source);
                interval = interval * 2 < T2 ? interval * 2 : T2;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
