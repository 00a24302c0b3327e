namespace Bridgehead.Sip.Transport.Streams;

/// <summary>Tells the shared connection handler which listener a Kestrel connection arrived on.</summary>
internal sealed class SipListenerFeature(SipListener listener)
{
    public SipListener Listener { get; } = listener;
}
