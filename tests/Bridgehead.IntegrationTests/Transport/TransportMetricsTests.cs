using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Bridgehead.Sip;
using Bridgehead.Sip.Transport;
using Microsoft.Extensions.DependencyInjection;

namespace Bridgehead.IntegrationTests.Transport;

public sealed class TransportMetricsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metrics_CountMessagesBytesDropsAndOpenConnectionsByTransport()
    {
        await using var host = await TransportHost.StartAsync(o =>
        {
            o.Listen.Add("udp:127.0.0.1:0");
            o.Listen.Add("tcp:127.0.0.1:0");
            o.MaxMessageSize = 2048;
        });
        using var metrics = new Recorder(host.App.Services.GetRequiredService<IMeterFactory>());
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var request = SipText.Message("OPTIONS", transport: "UDP");

        await udp.SendToAsync(new byte[3000], host.Listener(SipTransportKind.Udp).LocalEndPoint, Ct);
        await udp.SendToAsync(request, host.Listener(SipTransportKind.Udp).LocalEndPoint, Ct);
        var received = await host.Handler.NextAsync();
        Assert.Equal(SipSendResult.Sent, host.Transport.TrySend(request, new SipSendTarget(SipTransportKind.Udp, received.RemoteEndPoint)));
        var tcp = await SipText.ConnectAsync(host.Listener(SipTransportKind.Tcp).LocalEndPoint);
        await host.Observer.NextOpenedAsync();
        var openWhileConnected = metrics.Sum("bridgehead.sip.transport.connections.open", "tcp");
        tcp.Dispose();
        await host.Observer.NextClosedAsync();

        Assert.Equal(1, metrics.Sum("bridgehead.sip.transport.messages.received", "udp"));
        Assert.Equal(request.Length, metrics.Sum("bridgehead.sip.transport.bytes.received", "udp"));
        Assert.Equal(1, metrics.Sum("bridgehead.sip.transport.messages.sent", "udp"));
        Assert.Equal(request.Length, metrics.Sum("bridgehead.sip.transport.bytes.sent", "udp"));
        Assert.Equal(1, metrics.Sum("bridgehead.sip.transport.drops", "udp", "too_large"));
        Assert.Equal(1, openWhileConnected);
        Assert.Equal(0, metrics.Sum("bridgehead.sip.transport.connections.open", "tcp"));
    }

    /// <summary>Listens to this host's meters only (IMeterFactory scopes them), so parallel tests do not mix.</summary>
    private sealed class Recorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Name, long Value, string? Transport, string? Reason)> _measurements = new();

        public Recorder(IMeterFactory factory)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Meter.Name == SipTransportMetrics.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                string? transport = null, reason = null;
                foreach (var tag in tags)
                {
                    if (tag.Key == "transport")
                    {
                        transport = (string?)tag.Value;
                    }
                    else if (tag.Key == "reason")
                    {
                        reason = (string?)tag.Value;
                    }
                }

                _measurements.Enqueue((instrument.Name, value, transport, reason));
            });
            _listener.Start();
        }

        public long Sum(string name, string transport, string? reason = null) =>
            _measurements.Where(m => m.Name == name && m.Transport == transport && (reason is null || m.Reason == reason)).Sum(m => m.Value);

        public void Dispose() => _listener.Dispose();
    }
}
