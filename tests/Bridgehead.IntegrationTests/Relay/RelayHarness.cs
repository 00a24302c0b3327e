using System.Net;
using Bridgehead.Ng;
using Bridgehead.Relay;
using Bridgehead.Sdp;
using Bridgehead.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bridgehead.IntegrationTests.Relay;

/// <summary>
/// A real relay on 127.0.0.1: epoll workers, real sockets, a private slice of ports so that test
/// classes running side by side do not meet. Disposing it stops everything it started.
/// </summary>
internal sealed class RelayHarness : IDisposable
{
    private readonly ScopedMeterFactory _meters = new();

    public RelayHarness(Action<RelayOptions>? configure = null, TimeProvider? time = null)
    {
        // 300 slices of 100 ports between 20000 and 50000; a port some other program holds is skipped.
        PortMin = 20000 + (Random.Shared.Next(0, 300) * 100);
        Options = new RelayOptions { PortMin = PortMin, PortMax = PortMin + 99 };
        Options.Interfaces.Add(new RelayInterfaceOptions { Name = "lo", Address = "127.0.0.1" });
        configure?.Invoke(Options);
        Metrics = new RelayMetrics(_meters);
        Relay = new MediaRelay(Microsoft.Extensions.Options.Options.Create(Options), Metrics, NullLogger<MediaRelay>.Instance, time ?? TimeProvider.System);
        Relay.Start();
    }

    public int PortMin { get; }

    public RelayOptions Options { get; }

    public RelayMetrics Metrics { get; }

    public MediaRelay Relay { get; }

    public static string NewCallId() => $"{Guid.NewGuid():N}@relay-test";

    public NgSdpReply Offer(NgOfferCommand command) =>
        Relay.Offer(command) as NgSdpReply ?? throw new Xunit.Sdk.XunitException($"offer failed: {Relay.Offer(command)}");

    public NgSdpReply Answer(NgAnswerCommand command) =>
        Relay.Answer(command) as NgSdpReply ?? throw new Xunit.Sdk.XunitException($"answer failed: {Relay.Answer(command)}");

    public static SdpSession Parse(NgSdpReply reply)
    {
        Assert.True(SdpParser.TryParse(reply.Sdp.Span, out var session, out var failure), $"{failure}\n{reply.SdpText}");
        return session;
    }

    /// <summary>Where the relay wants this leg's RTP: the c= and m= port of its SDP.</summary>
    public static IPEndPoint MediaEndPoint(SdpSession sdp, int index = 0)
    {
        var media = sdp.Media[index];
        Assert.True(sdp.GetEffectiveConnection(media)!.TryGetIPAddress(out var address));
        return new IPEndPoint(address, media.Port);
    }

    public void Dispose()
    {
        Relay.Dispose();
        _meters.Dispose();
    }
}
