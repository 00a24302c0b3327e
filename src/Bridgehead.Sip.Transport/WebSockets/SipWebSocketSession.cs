using System.IO.Pipelines;
using System.Net.WebSockets;
using Bridgehead.Sip.Transport.Connections;
using Microsoft.AspNetCore.Connections;

namespace Bridgehead.Sip.Transport.WebSockets;

/// <summary>
/// How one WebSocket connection ends. Whoever closes it (the idle sweep, a framing error, the
/// transport stopping) gets a Close frame with a code that says why (RFC 6455 §7.4.1) before the
/// TCP connection goes; only a dead or stuck socket is cut without one.
/// </summary>
internal sealed class SipWebSocketSession(ConnectionContext context)
{
    private SipConnection? _connection;
    private WebSocketCloseStatus? _status;
    private string? _reason;
    private int _closeSent;

    public PipeReader Input => context.Transport.Input;

    public PipeWriter Output => context.Transport.Output;

    public void Attach(SipConnection connection) => _connection = connection;

    /// <summary>Closes with this code and reason (a protocol or payload error found by the reader).</summary>
    public void Fail(SipConnectionCloseReason reason, WebSocketCloseStatus status, string text)
    {
        _status = status;
        _reason = text;
        _connection?.Abort(reason);
    }

    /// <summary>Answers the peer's Close with the same code (§5.5.1); the reader then stops.</summary>
    public void AnswerClose(WebSocketCloseStatus? peerStatus)
    {
        _status = peerStatus ?? WebSocketCloseStatus.NormalClosure;
        _reason = string.Empty;
        SendClose();
    }

    /// <summary>The connection's abort action: a Close frame and an end to reading, or a hard abort.</summary>
    public void Close()
    {
        if (Volatile.Read(ref _closeSent) != 0)
        {
            // Goodbyes are said; the reader is stopping and Kestrel closes the socket once the Close frame is out.
            Input.CancelPendingRead();
            return;
        }

        var reason = _connection?.CloseReason ?? SipConnectionCloseReason.ClosedLocally;
        if (reason is SipConnectionCloseReason.TransportError or SipConnectionCloseReason.SendQueueFull or SipConnectionCloseReason.RemoteClosed)
        {
            // Nobody is reading, or the socket is gone: a Close frame would never arrive.
            context.Abort(new ConnectionAbortedException("SIP WebSocket connection closed"));
            return;
        }

        SendClose();
        Input.CancelPendingRead();
    }

    /// <summary>Cuts the socket (a Close frame stuck behind a peer that does not read).</summary>
    public void AbortTransport() => context.Abort(new ConnectionAbortedException("SIP WebSocket connection closed"));

    private void SendClose()
    {
        if (Interlocked.Exchange(ref _closeSent, 1) != 0 || _connection is null)
        {
            return;
        }

        var (status, text) = _status is { } s ? (s, _reason) : Describe(_connection.CloseReason ?? SipConnectionCloseReason.ClosedLocally);
        Span<byte> payload = stackalloc byte[WebSocketFrameReader.MaxControlPayload];
        var n = status == WebSocketCloseStatus.Empty ? 0 : WebSocketFrameWriter.WriteClosePayload(payload, status, text);
        _connection.SendControl(WebSocketOpcode.Close, payload[..n]);
    }

    private static (WebSocketCloseStatus, string) Describe(SipConnectionCloseReason reason) => reason switch
    {
        SipConnectionCloseReason.IdleTimeout => (WebSocketCloseStatus.EndpointUnavailable, "idle timeout"),
        SipConnectionCloseReason.Shutdown => (WebSocketCloseStatus.EndpointUnavailable, "server shutting down"),
        SipConnectionCloseReason.IncompleteMessageTimeout => (WebSocketCloseStatus.PolicyViolation, "message left unfinished"),
        SipConnectionCloseReason.MessageTooLarge => (WebSocketCloseStatus.MessageTooBig, "message too big"),
        SipConnectionCloseReason.ProtocolError or SipConnectionCloseReason.BadContentLength => (WebSocketCloseStatus.ProtocolError, "protocol error"),
        SipConnectionCloseReason.InvalidPayload => (WebSocketCloseStatus.InvalidPayloadData, "not a SIP message"),
        _ => (WebSocketCloseStatus.NormalClosure, "closed"),
    };
}
