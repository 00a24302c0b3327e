using Bridgehead.Sip;

namespace Bridgehead.Routing.Proxy;

/// <summary>
/// One place a request is forwarded to: the Request-URI it carries there (empty: unchanged) and
/// the transport destination (for a registered contact, the address and connection it
/// registered from). Targets of one q-value are tried in parallel, groups in order (§16.6).
/// </summary>
public sealed record ForwardingTarget(ReadOnlyMemory<byte> RequestUri, SipDestination Destination, int Q = 1000)
{
    /// <summary>A short text for logs.</summary>
    public override string ToString() => $"{System.Text.Encoding.UTF8.GetString(RequestUri.Span)} via {Destination}";
}
