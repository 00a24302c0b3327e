namespace Bridgehead.Sip.Transport.Connections;

/// <summary>
/// Told when stream connections open and close (registered in DI; every registration is called).
/// The registrar uses the close event to drop bindings that can no longer be reached (RFC 5626
/// flows). Called synchronously on the transport's thread: do not block.
/// </summary>
public interface ISipConnectionObserver
{
    void OnOpened(SipConnection connection);

    void OnClosed(SipConnection connection, SipConnectionCloseReason reason);
}
