using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using Bridgehead.Ng;
using Bridgehead.Relay;
using Bridgehead.Sdp;
using Bridgehead.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Bridgehead.Tests.Relay;

/// <summary>A relay on a fake clock and in-memory ports: session control and the forwarder, without sockets or sleeps.</summary>
internal sealed class RelayTestHost : IDisposable
{
    public const int PortMin = 30000;

    private readonly ScopedMeterFactory _meters = new();

    public RelayTestHost(Action<RelayOptions>? configure = null)
    {
        Options = new RelayOptions { PortMin = PortMin, PortMax = PortMin + 99 };
        if (configure is null)
        {
            Options.Interfaces.Add(new RelayInterfaceOptions { Name = "lo", Address = "127.0.0.1", AdvertisedAddress = "192.0.2.10" });
        }
        else
        {
            configure(Options);
        }

        Metrics = new RelayMetrics(_meters);
        Relay = new MediaRelay(Options, Metrics, NullLogger.Instance, Time, events => Io = new FakeMediaIo(events, Time), random: null);
        Relay.Start();
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    public RelayOptions Options { get; }

    public RelayMetrics Metrics { get; }

    public MediaRelay Relay { get; }

    public FakeMediaIo Io { get; private set; } = null!;

    public SdpSession Offer(NgOfferCommand command) => Parse(Relay.Offer(command));

    public SdpSession Answer(NgAnswerCommand command) => Parse(Relay.Answer(command));

    public static SdpSession Parse(NgReply reply)
    {
        var sdp = Assert.IsType<NgSdpReply>(reply);
        Assert.True(SdpParser.TryParse(sdp.Sdp.Span, out var session, out var failure), $"{failure}\n{sdp.SdpText}");
        return session;
    }

    /// <summary>Offer from "a" at <paramref name="aPort"/> and answer from "b" at <paramref name="bPort"/>, both plain; returns the relay ports each was given.</summary>
    public (int ForA, int ForB) PlainCall(string callId, int aPort = 4000, int bPort = 5000, string[]? flags = null)
    {
        var toB = Offer(new NgOfferCommand(callId, "a", PlainSdp(aPort)) { Flags = flags ?? [] });
        var toA = Answer(new NgAnswerCommand(callId, "a", "b", PlainSdp(bPort)) { Flags = flags ?? [] });
        return (toA.Media[0].Port, toB.Media[0].Port);
    }

    public static byte[] PlainSdp(int port, string address = "198.51.100.1", string? extra = null) => Sdp(string.Create(CultureInfo.InvariantCulture, $"""
        v=0
        o=- 1 1 IN IP4 {address}
        s=-
        c=IN IP4 {address}
        t=0 0
        m=audio {port} RTP/AVP 0 101
        a=rtpmap:0 PCMU/8000
        a=rtpmap:101 telephone-event/8000
        a=sendrecv
        {extra}
        """));

    public static byte[] Sdp(string text) =>
        System.Text.Encoding.ASCII.GetBytes(string.Join("\r\n", text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0)) + "\r\n");

    public static byte[] Rtp(uint ssrc, ushort sequence, byte fill = 0x55, int payload = 160)
    {
        var packet = new byte[12 + payload];
        packet[0] = 0x80;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        packet.AsSpan(12).Fill(fill);
        return packet;
    }

    public static byte[] Rtcp(uint ssrc)
    {
        var packet = new byte[8];
        packet[0] = 0x80;
        packet[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 1);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ssrc);
        return packet;
    }

    public static IPEndPoint At(string address, int port) => new(IPAddress.Parse(address), port);

    public long Dropped(Bridgehead.Relay.Forwarding.DropReason reason) => Relay.Totals().Drops[(int)reason];

    public void Dispose()
    {
        Relay.Dispose();
        _meters.Dispose();
    }
}
