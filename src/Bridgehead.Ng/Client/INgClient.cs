namespace Bridgehead.Ng.Client;

/// <summary>
/// The seam between the edge and a media relay (ARCHITECTURE.md): routing sends typed ng
/// commands; the host wires this to the in-process relay or to <see cref="NgUdpClient"/> for an
/// external rtpengine. Failures come back as <see cref="NgErrorReply"/> values; only
/// cancellation throws.
/// </summary>
public interface INgClient
{
    Task<NgReply> SendAsync(NgCommand command, CancellationToken cancellationToken);
}
