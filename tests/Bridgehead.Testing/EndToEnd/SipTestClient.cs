using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Threading.Channels;

namespace Bridgehead.Testing.EndToEnd;

/// <summary>
/// A raw SIP client for malformed-message and protocol tests: sends bytes exactly as given and
/// collects every message that comes back (a background pump reads the socket). Every wait is
/// bounded by the timeout it is given.
/// </summary>
public abstract class SipTestClient : IAsyncDisposable
{
    private readonly Channel<RawSipMessage> _inbox = Channel.CreateUnbounded<RawSipMessage>();
    private readonly ConcurrentQueue<RawSipMessage> _received = new();

    /// <summary>Cancelled when the client is disposed; stops the pump.</summary>
    protected CancellationTokenSource Stopping { get; } = new();

    /// <summary>The address this client sends from.</summary>
    public abstract IPEndPoint LocalEndPoint { get; }

    /// <summary>The transport token for a Via this client writes: UDP, TCP or TLS.</summary>
    public abstract string Transport { get; }

    /// <summary>Every message received so far, in order.</summary>
    public IReadOnlyCollection<RawSipMessage> Received => _received;

    /// <summary>"127.0.0.1:5070" or "[::1]:5070": the sent-by of this client's Via and Contact.</summary>
    public string HostPort => LocalEndPoint.ToString();

    public abstract Task SendAsync(ReadOnlyMemory<byte> data);

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>The next message, or null when none comes within <paramref name="timeout"/> (or the connection closed).</summary>
    public async Task<RawSipMessage?> ReceiveAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await _inbox.Reader.ReadAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>The first message that matches, skipping others; throws with what was seen when none comes in time.</summary>
    public async Task<RawSipMessage> ExpectAsync(Func<RawSipMessage, bool> match, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        var skipped = new List<string>();
        while (true)
        {
            var remaining = deadline - DateTime.UtcNow;
            var message = remaining > TimeSpan.Zero ? await ReceiveAsync(remaining).ConfigureAwait(false) : null;
            if (message is null)
            {
                var state = _inbox.Reader.Completion.IsCompleted ? "the connection closed" : $"nothing more within {timeout.TotalSeconds:0.#} s";
                throw new TimeoutException($"expected {what} but {state}; received before: [{string.Join(" | ", skipped)}]");
            }

            if (match(message))
            {
                return message;
            }

            skipped.Add($"{message.StartLine} ({message.CallId})");
        }
    }

    /// <summary>
    /// The first message received so far or within <paramref name="timeout"/> that matches, without
    /// taking anything out of the queue <see cref="ReceiveAsync"/> reads.
    /// </summary>
    /// <param name="skip">How many of the messages received so far to ignore (those that came before the exchange under test).</param>
    public async Task<RawSipMessage> WaitForAsync(Func<RawSipMessage, bool> match, TimeSpan timeout, string what, int skip = 0)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            foreach (var message in _received.Skip(skip))
            {
                if (match(message))
                {
                    return message;
                }
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"expected {what} within {timeout.TotalSeconds:0.#} s; received: [{string.Join(" | ", _received.Select(m => $"{m.StartLine} ({m.CallId})"))}]");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    /// <summary>True when a matching message has been received (after the first <paramref name="skip"/>).</summary>
    public bool Saw(Func<RawSipMessage, bool> match, int skip = 0) => _received.Skip(skip).Any(match);

    /// <summary>The first final (or, with <paramref name="final"/> false, any) response with this Call-ID.</summary>
    public Task<RawSipMessage> ExpectResponseAsync(string callId, TimeSpan timeout, bool final = true) =>
        ExpectAsync(
            m => m.IsResponse && m.CallId == callId && (!final || m.StatusCode >= 200),
            timeout,
            $"a {(final ? "final " : string.Empty)}response for Call-ID {callId}");

    /// <summary>Everything that arrives within <paramref name="window"/>.</summary>
    public async Task<IReadOnlyList<RawSipMessage>> CollectAsync(TimeSpan window)
    {
        var deadline = DateTime.UtcNow + window;
        var messages = new List<RawSipMessage>();
        while (DateTime.UtcNow < deadline)
        {
            var message = await ReceiveAsync(deadline - DateTime.UtcNow).ConfigureAwait(false);
            if (message is null)
            {
                if (_inbox.Reader.Completion.IsCompleted)
                {
                    break;
                }

                continue;
            }

            messages.Add(message);
        }

        return messages;
    }

    public virtual async ValueTask DisposeAsync()
    {
        await Stopping.CancelAsync().ConfigureAwait(false);
        Stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Called by the pump for each message read.</summary>
    protected void Deliver(RawSipMessage message)
    {
        _received.Enqueue(message);
        _inbox.Writer.TryWrite(message);
    }

    /// <summary>Called by the pump when nothing more can arrive.</summary>
    protected void Complete() => _inbox.Writer.TryComplete();
}
