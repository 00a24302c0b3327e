using Bridgehead.AppNode.Calls;
using Bridgehead.AppNode.Sip;
using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;

namespace Bridgehead.AppNode;

public sealed partial class ApplicationNode
{
    /// <summary>BYE from the peer (RFC 3261 §15.1.2): 200, media stops, the call ends.</summary>
    private void OnBye(ServerTransaction server)
    {
        var request = server.Request;
        if (FindDialog(request) is not { } call)
        {
            Respond(server, 481, "Call/Transaction Does Not Exist");
            return;
        }

        Respond(server, 200, "OK");
        Log.ByeReceived(_logger, call.CallId);
        End(call, "remote BYE");
    }

    /// <summary>Ends a call from the node's side: a BYE in the dialog, then the media stops.</summary>
    public void Hangup(AppNodeCall call, string reason)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.State == CallState.Ended)
        {
            return;
        }

        if (call.State == CallState.Calling)
        {
            // Not answered yet: cancel the INVITE instead (RFC 3261 §9.1).
            Cancel(call);
            return;
        }

        if (call.Dialog is { } dialog && _local is not null)
        {
            var branch = _ids.Branch();
            var bye = RequestWriter.InDialog(dialog, SipMethod.Bye, dialog.NextSequence(), Local, branch, "appnode", Options.UserAgent);
            var (requestUri, routes) = RequestWriter.Target(dialog.RemoteTarget, dialog.RouteSet);
            if (NextHop.For(requestUri, routes) is { } destination)
            {
                Transactions.StartClient(bye, SipMethod.Bye, "BYE"u8.ToArray(), System.Text.Encoding.ASCII.GetBytes(branch), destination, ByeOwner.Instance);
            }
        }

        Log.Hangup(_logger, call.CallId, reason);
        End(call, reason);
    }

    /// <summary>Stops the call's media and timers and forgets it; once.</summary>
    private void End(AppNodeCall call, string reason)
    {
        if (!call.TryEnd())
        {
            return;
        }

        _clock.Remove(call);
        call.RetransmitTimer?.Dispose();
        call.DurationTimer?.Dispose();
        call.RingTimer?.Dispose();
        call.Stream?.Dispose();
        call.PendingSocket?.Dispose();
        _byCallId.TryRemove(new KeyValuePair<string, AppNodeCall>(call.CallId, call));
        if (call.Dialog is { } dialog)
        {
            _dialogs.TryRemove(new KeyValuePair<DialogKey, AppNodeCall>(dialog.Key, call));
        }

        var received = call.Stream?.PacketsReceived ?? 0;
        var sent = call.Stream?.PacketsSent ?? 0;
        _history.Enqueue(new CallSummary(call.CallId, call.Application.Name, call.IsOutbound, reason, received, sent, call.Digits, call.Started, Time.GetUtcNow()));
        while (_history.Count > 100 && _history.TryDequeue(out _))
        {
        }

        Log.Ended(_logger, call.CallId, call.Application.Name, reason, received, sent);
        _metrics.CallEnded(call.Application.Name, call.IsOutbound, reason, received, sent);
        call.Originated?.TrySetResult(new OriginateResult(OriginateOutcome.Failed, 500, reason, call.CallId));
    }

    /// <summary>The BYE's response needs no action: the call has already ended on the node's side.</summary>
    private sealed class ByeOwner : IClientTransactionOwner
    {
        public static readonly ByeOwner Instance = new();

        public void OnResponse(ClientTransaction transaction, SipMessage response)
        {
        }

        public void OnFailure(ClientTransaction transaction, TransactionFailure failure)
        {
        }
    }
}
