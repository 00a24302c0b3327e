using Microsoft.Extensions.DependencyInjection;

namespace Bridgehead.Sip.Transport;

/// <summary>
/// Resolves the <see cref="ISipMessageHandler"/> on first use rather than at construction: the
/// proxy's handler sends through <see cref="ISipTransport"/>, which itself needs the receive side,
/// and constructor injection both ways would be a cycle.
/// </summary>
internal sealed class SipMessageHandlerAccessor(IServiceProvider services)
{
    private readonly Lazy<ISipMessageHandler> _handler = new(services.GetRequiredService<ISipMessageHandler>);

    public ISipMessageHandler Handler => _handler.Value;
}
