using System.Net.Sockets;
using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;
using Bridgehead.Sip.Transport;

namespace Bridgehead.AppNode.Hosting;

/// <summary>The node's transaction layer sends through the node's own transport (never the edge's).</summary>
internal sealed class AppNodeSender(ISipTransport transport) : ISipSender
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

/// <summary>Every message of the node's listener goes to the node (resolved on first use: it sends through the same transport).</summary>
internal sealed class AppNodeMessageHandler(IServiceProvider services) : ISipMessageHandler
{
    private ApplicationNode? _node;

    public void OnMessage(in SipInboundMessage message)
    {
        var node = _node ??= (ApplicationNode)services.GetService(typeof(ApplicationNode))!;
        node.OnMessage(message.Data, new SipDestination(message.Transport, message.RemoteEndPoint, message.ConnectionId, message.Listener.Id));
    }
}
