using Bridgehead.Sip;

namespace Bridgehead.Routing;

/// <summary>
/// Sees every well-formed message the edge receives, after validation and before it is routed
/// (the dashboard's call tracker). Called on the transport's thread: it must be quick and must not
/// throw; the message is only valid during the call.
/// </summary>
public interface ISipMessageObserver
{
    void OnReceived(SipMessage message, in SipDestination source);
}
