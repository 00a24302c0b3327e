using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;
using Bridgehead.Sip.Transport;

namespace Bridgehead.AppNode.Hosting;

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
