using System.Net.WebSockets;
using System.Text;

namespace Bridgehead.WsLoad;

/// <summary>
/// One simulated browser: a WebSocket with the "sip" subprotocol holding one registration, as
/// JsSIP sends it (Via WS with a .invalid host, Contact ;transport=ws with +sip.instance and reg-id),
/// refreshed on demand. Responses are read by one loop per connection and matched by CSeq.
/// </summary>
internal sealed class BrowserConnection(int index, LoadOptions options, LoadStats stats) : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly string _user = $"u{index:D6}";
    private readonly string _host = $"h{index:D6}.invalid";
    private readonly string _callId = $"{Guid.NewGuid():N}";
    private readonly byte[] _receive = new byte[4096];
    private int _cseq;
    private long _sentAt;

    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        _socket.Options.AddSubProtocol("sip");
        _socket.Options.KeepAliveInterval = Timeout.InfiniteTimeSpan;
        await _socket.ConnectAsync(options.Url, cancellationToken).ConfigureAwait(false);
        _ = ReceiveLoopAsync();
    }

    public async Task RegisterAsync(CancellationToken cancellationToken)
    {
        var cseq = Interlocked.Increment(ref _cseq);
        var message =
            $"REGISTER sip:{options.Url.Host} SIP/2.0\r\nVia: SIP/2.0/WS {_host};branch=z9hG4bK{_user}x{cseq}\r\nMax-Forwards: 69\r\n" +
            $"To: <sip:{_user}@{options.Url.Host}>\r\nFrom: <sip:{_user}@{options.Url.Host}>;tag={_user}t\r\nCall-ID: {_callId}\r\nCSeq: {cseq} REGISTER\r\n" +
            $"Contact: <sip:{_user}@{_host};transport=ws>;+sip.ice;reg-id=1;+sip.instance=\"<urn:uuid:00000000-0000-4000-8000-{index:D12}>\";expires={options.Expires}\r\n" +
            $"Expires: {options.Expires}\r\nAllow: INVITE,ACK,CANCEL,BYE,OPTIONS\r\nSupported: path,gruu,outbound\r\nUser-Agent: Bridgehead.WsLoad\r\nContent-Length: 0\r\n\r\n";
        Volatile.Write(ref _sentAt, System.Diagnostics.Stopwatch.GetTimestamp());
        stats.Sent();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            stats.Failed();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
        }

        _socket.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(_receive, CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    stats.Closed();
                    return;
                }

                var status = result.Count > 12 ? Encoding.ASCII.GetString(_receive, 8, 3) : string.Empty;
                if (status == "200")
                {
                    stats.Ok(System.Diagnostics.Stopwatch.GetElapsedTime(Volatile.Read(ref _sentAt)));
                }
                else if (status.Length == 3 && status[0] != '1')
                {
                    stats.Failed(Encoding.UTF8.GetString(_receive, 0, Math.Min(result.Count, 200)));
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            stats.Closed();
        }
    }
}
