using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Bridgehead.Doctor.Browser;

/// <summary>
/// A Chrome DevTools Protocol connection to one page: commands as JSON over the page's
/// WebSocket, replies matched by id. The doctor only needs Runtime.evaluate with promises.
/// </summary>
internal sealed class DevToolsSession : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private Task? _receiver;
    private int _nextId;

    public static async Task<DevToolsSession> ConnectAsync(Uri page, CancellationToken cancellationToken)
    {
        var session = new DevToolsSession();
        session._socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await session._socket.ConnectAsync(page, cancellationToken).ConfigureAwait(false);
        session._receiver = session.ReceiveAsync();
        return session;
    }

    /// <summary>Evaluates an expression in the page, awaiting a promise; returns its value as JSON.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var reply = await SendAsync("Runtime.evaluate", new { expression, awaitPromise = true, returnByValue = true }, timeout, cancellationToken).ConfigureAwait(false);
        if (reply.TryGetProperty("exceptionDetails", out var exception))
        {
            var text = exception.TryGetProperty("exception", out var e) && e.TryGetProperty("description", out var d) ? d.GetString() : exception.GetRawText();
            throw new InvalidOperationException($"the page threw: {text}");
        }

        return reply.GetProperty("result").TryGetProperty("value", out var value) ? value.Clone() : default;
    }

    private async Task<JsonElement> SendAsync(string method, object parameters, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new { id, method, @params = parameters });
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }

        try
        {
            var message = await reply.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            if (message.TryGetProperty("error", out var error))
            {
                throw new InvalidOperationException($"DevTools {method}: {error.GetRawText()}");
            }

            return message.GetProperty("result").Clone();
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                using var doc = JsonDocument.Parse(message.ToArray());
                message.SetLength(0);
                if (doc.RootElement.TryGetProperty("id", out var id) && _pending.TryGetValue(id.GetInt32(), out var reply))
                {
                    reply.TrySetResult(doc.RootElement.Clone());
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or JsonException or ObjectDisposedException)
        {
        }
        finally
        {
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(new IOException("the browser's DevTools connection closed"));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Abort();
        if (_receiver is not null)
        {
            await _receiver.ConfigureAwait(false);
        }

        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }

    public static string Quote(string value) => JsonSerializer.Serialize(value);

    public static string Quote(Uri value) => JsonSerializer.Serialize(value.ToString().TrimEnd('/'));

    internal static string Utf8(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
