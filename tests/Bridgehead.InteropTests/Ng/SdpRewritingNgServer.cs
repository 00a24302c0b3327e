using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Bridgehead.Ng;
using Bridgehead.Sdp;

namespace Bridgehead.InteropTests.Ng;

/// <summary>
/// The server direction of Bridgehead.Ng, in the shape the relay will have: datagrams parsed
/// into typed commands, SDP rewritten with Bridgehead.Sdp to point at a relay address, typed
/// replies encoded back with the request's cookie. Every command is recorded for the test.
/// </summary>
internal sealed class SdpRewritingNgServer : IAsyncDisposable
{
    public static readonly IPAddress RelayAddress = IPAddress.Parse("127.0.0.9");

    private readonly Socket socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private int nextPort = 40000;

    public SdpRewritingNgServer()
    {
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        loop = ServeAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)socket.LocalEndPoint!;

    public ConcurrentQueue<NgCommand> Commands { get; } = new();

    public ConcurrentQueue<string> Rejected { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        socket.Dispose();
        await loop.ContinueWith(_ => { }, TaskScheduler.Default);
        stop.Dispose();
    }

    private async Task ServeAsync()
    {
        var buffer = new byte[65536];
        while (!stop.IsCancellationRequested)
        {
            var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), stop.Token);
            var datagram = buffer.AsSpan(0, received.ReceivedBytes);
            byte[] reply;
            if (NgMessage.TryParseRequest(datagram, out var cookie, out var command, out var error))
            {
                Commands.Enqueue(command);
                reply = NgMessage.EncodeReply(cookie, Handle(command));
            }
            else if (NgMessage.TryReadCookie(datagram, out cookie, out _))
            {
                Rejected.Enqueue($"{error}: {System.Text.Encoding.UTF8.GetString(datagram)}");
                reply = NgMessage.EncodeReply(cookie, NgErrorReply.From(error));
            }
            else
            {
                continue;
            }

            await socket.SendToAsync(reply, SocketFlags.None, received.RemoteEndPoint, stop.Token);
        }
    }

    private NgReply Handle(NgCommand command) => command switch
    {
        NgPingCommand => new NgPongReply(),
        NgSdpCommand sdp => Rewrite(sdp),
        NgDeleteCommand => new NgDeleteReply(null),
        _ => new NgErrorReply("Unsupported"),
    };

    private NgReply Rewrite(NgSdpCommand command)
    {
        if (!SdpParser.TryParse(command.Sdp.Span, out var session, out var failure))
        {
            return new NgErrorReply($"Failed to parse SDP: {failure}");
        }

        if (command.Replace.HasFlag(NgReplace.Origin))
        {
            session.Origin = session.Origin.WithAddress(RelayAddress).WithNextVersion();
        }

        var connection = SdpConnection.FromAddress(RelayAddress);
        if (session.Connection is not null)
        {
            session.Connection = connection;
        }

        foreach (var media in session.Media)
        {
            media.Port = Interlocked.Add(ref nextPort, 2) - 2;
            if (media.Connection is not null || session.Connection is null)
            {
                media.Connection = connection;
            }

            if (command.TransportProtocol is { } protocol and not "accept")
            {
                media.Protocol = protocol;
            }
        }

        return new NgSdpReply(SdpWriter.ToBytes(session));
    }
}
