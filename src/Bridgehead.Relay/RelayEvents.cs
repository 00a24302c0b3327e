using System.Net;
using Bridgehead.Dtls;
using Bridgehead.Relay.Forwarding;
using Microsoft.Extensions.Logging;

namespace Bridgehead.Relay;

/// <summary>
/// The rare things the packet side reports to operators: an ICE peer learned, a DTLS handshake
/// done or failed. Called from workers and handshake threads; never on the per-packet path.
/// </summary>
internal sealed partial class RelayEvents(ILogger logger, RelayMetrics metrics, TimeProvider time)
{
    public TimeProvider Time { get; } = time;

    public void IcePeerLearned(StreamPath path, IPEndPoint peer)
    {
        metrics.IceConnected();
        Log.IcePeer(logger, path.Name, peer);
    }

    public void DtlsCompleted(StreamPath path, DtlsRole role, DtlsHandshakeResult result, TimeSpan elapsed)
    {
        metrics.DtlsHandshake(result, elapsed);
        if (result.Succeeded && logger.IsEnabled(LogLevel.Information))
        {
            var profile = result.Keys.Profile.RegistryName();
            Log.DtlsConnected(logger, path.Name, role, profile, (long)elapsed.TotalMilliseconds);
        }
        else if (!result.Succeeded && logger.IsEnabled(LogLevel.Warning))
        {
            var detail = result.ToString();
            Log.DtlsFailed(logger, path.Name, role, result.Failure, detail);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "Stream {Stream}: ICE peer {Peer} passed its first connectivity check")]
        public static partial void IcePeer(ILogger logger, string stream, IPEndPoint peer);

        [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Stream {Stream}: DTLS-SRTP connected as {Role}, {Profile}, in {Milliseconds} ms")]
        public static partial void DtlsConnected(ILogger logger, string stream, DtlsRole role, string profile, long milliseconds);

        [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Stream {Stream}: DTLS-SRTP handshake as {Role} failed ({Failure}): {Detail}")]
        public static partial void DtlsFailed(ILogger logger, string stream, DtlsRole role, DtlsFailureReason failure, string detail);
    }
}
