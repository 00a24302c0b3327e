using System.Net;
using Bridgehead.Sip.Transport.Connections;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridgehead.Sip.Transport.Streams;

/// <summary>
/// Kestrel's entry for inbound TCP and TLS connections (TLS is already terminated by
/// <c>UseHttps</c> in front of it): registers the connection in the table and runs its reader.
/// </summary>
internal sealed partial class SipStreamConnectionHandler : ConnectionHandler
{
    private readonly SipConnectionTable _table;
    private readonly SipStreamReceiver _receiver;
    private readonly SipTransportMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _sendQueueLimit;

    public SipStreamConnectionHandler(
        SipConnectionTable table,
        SipStreamReceiver receiver,
        SipTransportMetrics metrics,
        TimeProvider time,
        IOptions<SipTransportOptions> options,
        ILogger<SipStreamConnectionHandler> logger)
    {
        _table = table;
        _receiver = receiver;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _sendQueueLimit = options.Value.MaxSendQueue;
    }

    public override async Task OnConnectedAsync(ConnectionContext context)
    {
        var listener = context.Features.Get<SipListenerFeature>()?.Listener
            ?? throw new InvalidOperationException("A SIP connection arrived on an endpoint that is not a SIP listener.");
        if (context.RemoteEndPoint is not IPEndPoint remoteRaw || context.LocalEndPoint is not IPEndPoint localRaw)
        {
            context.Abort();
            return;
        }

        var remote = SipConnectionTable.Normalize(remoteRaw);
        var connection = new SipConnection(
            _table.NextId(),
            listener,
            remote,
            SipConnectionTable.Normalize(localRaw),
            isOutbound: false,
            _time,
            context.Transport.Output,
            () => context.Abort(new ConnectionAbortedException("SIP connection closed")),
            _sendQueueLimit);

        if (!_table.TryAdd(connection))
        {
            _metrics.Dropped(listener.Transport, SipDropReason.ConnectionLimit);
            Log.ConnectionLimit(_logger, listener.Transport, remote, _table.Count);
            context.Abort();
            return;
        }

        await _receiver.RunAsync(connection, context.Transport.Input).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Refused a {Transport} connection from {Remote}: {Open} connections are open, the configured maximum")]
        public static partial void ConnectionLimit(ILogger logger, SipTransportKind transport, IPEndPoint remote, int open);
    }
}
