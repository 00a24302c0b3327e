using Bridgehead.Ng;
using Bridgehead.Ng.Client;

namespace Bridgehead.Relay.Ng;

/// <summary>
/// The in-process ng seam: the edge sends its typed commands straight to the relay's session
/// control, with no datagram, cookie or retransmission in between (ARCHITECTURE.md: "ng is the
/// seam between edge and relay, even in one process").
/// </summary>
public sealed class RelayNgClient(MediaRelay relay) : INgClient
{
    public Task<NgReply> SendAsync(NgCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(relay.Handle(command));
    }
}
