using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace Bridgehead.Sip.Transport.WebSockets;

/// <summary>
/// The connection entry of a WS/WSS listener that also serves plain HTTP (the web phone on the
/// port its WebSocket connects to, <see cref="SipWebSocketOptions.ServeHttp"/>): reads the first
/// request head without consuming it, then hands the connection to Kestrel's HTTP server when it
/// is a plain request, and to the SIP WebSocket handler otherwise — malformed or incomplete heads
/// included, so every refusal is still the SIP handler's.
/// </summary>
internal sealed class WebSocketHttpSplitter(SipWebSocketConnectionHandler sip, ConnectionDelegate http, TimeSpan timeout, TimeProvider time)
{
    public async Task OnConnectedAsync(ConnectionContext context)
    {
        if (await IsPlainHttpAsync(context.Transport.Input).ConfigureAwait(false))
        {
            await http(context).ConfigureAwait(false);
        }
        else
        {
            await sip.OnConnectedAsync(context).ConfigureAwait(false);
        }
    }

    private async Task<bool> IsPlainHttpAsync(PipeReader input)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(deadline.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                if (WebSocketHandshake.TryFindHead(buffer, out var length))
                {
                    var head = buffer.Slice(0, length);
                    var plain = head.IsSingleSegment ? WebSocketRequestKind.IsPlainHttp(head.FirstSpan) : WebSocketRequestKind.IsPlainHttp(head.ToArray());

                    // Nothing consumed and nothing examined: the chosen handler reads the same bytes at once.
                    input.AdvanceTo(buffer.Start);
                    return plain;
                }

                if (length < 0 || result.IsCompleted || result.IsCanceled)
                {
                    input.AdvanceTo(buffer.Start);
                    return false;
                }

                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (OperationCanceledException)
        {
            // A head that never completed: the SIP handler's own timeout answers it with 408.
            return false;
        }
        catch (Exception e) when (e is IOException or ConnectionAbortedException or ConnectionResetException or InvalidOperationException)
        {
            return false;
        }
    }
}
