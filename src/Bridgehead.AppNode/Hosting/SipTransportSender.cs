using System.Net.Sockets;
using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;
using Bridgehead.Sip.Transport;

namespace Bridgehead.AppNode.Hosting;

/// <summary>
/// A transaction layer's sender over a SIP transport: the node sends through its own transport,
/// and the edge through its own (wrapped for the SIP trace). A send that completes at once is
/// answered at once; one still in flight reports a failure to the transaction when it ends.
/// </summary>
public sealed class SipTransportSender(ISipTransport transport) : ISipSender
{
    public SendOutcome Send(in SipDestination destination, ReadOnlyMemory<byte> data, ISendFailureObserver? onFailure = null)
    {
        var target = new SipSendTarget(destination.Transport, destination.EndPoint)
        {
            ConnectionId = destination.ConnectionId,
            Listener = destination.ListenerId >= 0 ? transport.Listeners.Find(destination.ListenerId) : null,
        };

        var pending = transport.SendAsync(data, target);
        if (pending.IsCompletedSuccessfully)
        {
            return Map(pending.Result);
        }

        _ = ObserveAsync(pending, onFailure);
        return SendOutcome.Pending;
    }

    private static async Task ObserveAsync(ValueTask<SipSendResult> pending, ISendFailureObserver? onFailure)
    {
        SipSendResult result;
        try
        {
            result = await pending.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            result = SipSendResult.SocketError;
        }

        var outcome = Map(result);
        if (outcome != SendOutcome.Sent)
        {
            onFailure?.OnSendFailed(outcome);
        }
    }

    private static SendOutcome Map(SipSendResult result) => result switch
    {
        SipSendResult.Sent => SendOutcome.Sent,
        SipSendResult.ConnectionClosed => SendOutcome.ConnectionClosed,
        SipSendResult.MessageTooLarge => SendOutcome.TooLarge,
        SipSendResult.NoSuitableListener => SendOutcome.NoListener,
        _ => SendOutcome.ConnectFailed,
    };
}
