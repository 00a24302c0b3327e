using System.Globalization;
using System.Text;
using Bridgehead.Ng;
using Bridgehead.Ng.Client;

namespace Bridgehead.Testing.Ng;

/// <summary>
/// An <see cref="INgClient"/> in memory: records every command, answers through
/// <see cref="Responder"/> (by default as a relay would: the SDP rewritten to the relay's address
/// 203.0.113.1, a fresh even port per rewrite and the m= profile the flags ask for), and when
/// <see cref="Hold"/> is set keeps replies back until the test releases them, as an external relay
/// answering over UDP later would.
/// </summary>
public sealed class FakeNgClient : INgClient
{
    public const string RelayAddress = "203.0.113.1";

    private readonly Lock _lock = new();
    private readonly List<NgCommand> _commands = [];
    private readonly Queue<(NgCommand Command, TaskCompletionSource<NgReply> Reply)> _held = new();
    private int _ports;

    /// <summary>What each command is answered with (when not held).</summary>
    public Func<NgCommand, NgReply> Responder { get; set; }

    /// <summary>Keep replies until <see cref="ReleaseAll"/>.</summary>
    public bool Hold { get; set; }

    public FakeNgClient() => Responder = RelayLike;

    public IReadOnlyList<NgCommand> Commands
    {
        get
        {
            lock (_lock)
            {
                return [.. _commands];
            }
        }
    }

    public int HeldCount
    {
        get
        {
            lock (_lock)
            {
                return _held.Count;
            }
        }
    }

    public IReadOnlyList<T> CommandsOf<T>()
        where T : NgCommand => [.. Commands.OfType<T>()];

    public Task<NgReply> SendAsync(NgCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        lock (_lock)
        {
            _commands.Add(command);
            if (!Hold)
            {
                return Task.FromResult(Responder(command));
            }

            // Continuations run inline on release, so a test sees their effect when ReleaseAll returns.
            var reply = new TaskCompletionSource<NgReply>();
            cancellationToken.Register(() => reply.TrySetCanceled(cancellationToken));
            _held.Enqueue((command, reply));
            return reply.Task;
        }
    }

    /// <summary>Answers every held command through <see cref="Responder"/>, in order; returns how many.</summary>
    public int ReleaseAll()
    {
        var released = 0;
        while (true)
        {
            (NgCommand Command, TaskCompletionSource<NgReply> Reply) next;
            lock (_lock)
            {
                if (_held.Count == 0)
                {
                    return released;
                }

                next = _held.Dequeue();
            }

            next.Reply.TrySetResult(Responder(next.Command));
            released++;
        }
    }

    /// <summary>A relay's reply: offer/answer SDP rewritten, delete with no statistics, pong.</summary>
    public NgReply RelayLike(NgCommand command) => command switch
    {
        NgSdpCommand sdp => new NgSdpReply(Rewrite(sdp)),
        NgDeleteCommand => new NgDeleteReply(null),
        NgPingCommand => new NgPongReply(),
        _ => new NgOkReply(),
    };

    /// <summary>
    /// SDP as the relay would send it on: its own address and port, the profile from the
    /// transport-protocol option (the offerer's when absent), the codecs of the input, and an
    /// attribute naming the command so a test can tell which rewrite it sees.
    /// </summary>
    private byte[] Rewrite(NgSdpCommand command)
    {
        var text = command.SdpText;
        var media = text.Split("\r\n").FirstOrDefault(l => l.StartsWith("m=", StringComparison.Ordinal)) ?? "m=audio 0 RTP/AVP 0";
        var parts = media.Split(' ');
        var protocol = command.TransportProtocol is { } p && !NgFlags.Equal(p, "accept") ? p : parts.Length > 2 ? parts[2] : "RTP/AVP";
        var formats = parts.Length > 3 ? string.Join(' ', parts[3..]) : "0";
        var port = 30000 + (2 * Interlocked.Increment(ref _ports));
        var sdp = new StringBuilder()
            .Append("v=0\r\n")
            .Append(CultureInfo.InvariantCulture, $"o=- 1 1 IN IP4 {RelayAddress}\r\n")
            .Append("s=-\r\n")
            .Append(CultureInfo.InvariantCulture, $"c=IN IP4 {RelayAddress}\r\n")
            .Append("t=0 0\r\n")
            .Append(CultureInfo.InvariantCulture, $"m=audio {port} {protocol} {formats}\r\n")
            .Append(CultureInfo.InvariantCulture, $"a=x-ng:{command.Kind.ToCommandName()}/{command.FromTag}\r\n");
        return Encoding.UTF8.GetBytes(sdp.ToString());
    }
}
